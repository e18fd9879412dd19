namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>The one check every entry point makes: an object made for one parameter set is never used with another.</summary>
internal static class ParameterSetCheck
{
    /// <summary>Throws <see cref="FheKeyException"/> naming <paramref name="what"/> when the sets differ.</summary>
    public static void Require(CkksParameterSetId actual, CkksParameterSetId expected, string what)
    {
        if (actual != expected)
        {
            throw new FheKeyException($"{what} is for parameter set {actual}, not {expected}");
        }
    }
}
