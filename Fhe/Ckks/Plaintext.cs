namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>An encoded vector: a polynomial in NTT form over q_0 … q_Level, carrying values × <see cref="Scale"/>.</summary>
public sealed class Plaintext
{
    internal Plaintext(CkksParameterSetId parameterSet, RnsPoly poly, int level, double scale)
    {
        ParameterSet = parameterSet;
        Poly = poly;
        Level = level;
        Scale = scale;
    }

    public CkksParameterSetId ParameterSet { get; }

    public int Level { get; }

    public double Scale { get; }

    internal RnsPoly Poly { get; }
}
