namespace Aitbc.Orleans.Miner.Inference;

/// <summary>Where to run a batch, which variant, which measurement that rests on, and a sentence saying why.</summary>
public sealed record PlacementDecision(
    int BatchSize, int MeasuredBatchSize, string Device, bool UseGpu, string Reason, string Variant = InferenceModel.DefaultVariant)
{
    public override string ToString() => Reason;
}
