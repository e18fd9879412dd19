namespace Aitbc.Orleans.Tensors;

/// <summary>One declared model input or output. A dimension of -1 is dynamic (any size, e.g. the batch).</summary>
[GenerateSerializer]
[Immutable]
[Alias("aitbc.TensorSpec")]
public sealed record TensorSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] TensorElementType ElementType,
    [property: Id(2)] long[] Shape)
{
    public const long DynamicDimension = -1;

    public int Rank => Shape.Length;

    /// <summary>Returns why <paramref name="tensor"/> cannot be fed to this spec, or null when it fits.</summary>
    public string? FindMismatch(TensorData tensor)
    {
        if (tensor.ElementType != ElementType)
        {
            return $"Input '{Name}' has element type {tensor.ElementType} but the model expects {ElementType}.";
        }

        if (tensor.Shape.Length != Shape.Length)
        {
            return $"Input '{Name}' has rank {tensor.Shape.Length} {TensorData.FormatShape(tensor.Shape)} " +
                   $"but the model expects rank {Shape.Length} {TensorData.FormatShape(Shape)}.";
        }

        for (var i = 0; i < Shape.Length; i++)
        {
            if (Shape[i] >= 0 && tensor.Shape[i] != Shape[i])
            {
                return $"Input '{Name}' dimension {i} is {tensor.Shape[i]} but the model expects {Shape[i]} " +
                       $"(shape {TensorData.FormatShape(Shape)}, -1 = any).";
            }
        }

        return null;
    }

    public bool Equals(TensorSpec? other) =>
        other is not null && Name == other.Name && ElementType == other.ElementType && Shape.AsSpan().SequenceEqual(other.Shape);

    public override int GetHashCode() => HashCode.Combine(Name, ElementType, Shape.Length);

    public override string ToString() => $"{Name}: {ElementType}{TensorData.FormatShape(Shape)}";
}
