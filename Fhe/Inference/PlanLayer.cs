namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>One step of an encrypted-evaluation plan: a dense layer or a square activation.</summary>
public abstract class PlanLayer
{
    private protected PlanLayer()
    {
    }

    /// <summary>The number of values this layer outputs given <paramref name="inputs"/> values in.</summary>
    public abstract int OutputLength(int inputs);
}
