namespace Aitbc.Orleans.Tensors;

/// <summary>The inputs a model accepts and the outputs it produces, as read from the model file.</summary>
[GenerateSerializer]
[Immutable]
[Alias("aitbc.ModelSignature")]
public sealed record ModelSignature(
    [property: Id(0)] TensorSpec[] Inputs,
    [property: Id(1)] TensorSpec[] Outputs)
{
    /// <summary>
    /// Every reason the given inputs cannot be run against this signature (unknown or missing names, element types,
    /// ranks, fixed dimensions, malformed tensors). Empty when the inputs are acceptable.
    /// </summary>
    public IReadOnlyList<string> FindInputErrors(
        IReadOnlyDictionary<string, TensorData> inputs,
        long maxElementsPerTensor = TensorData.DefaultMaxElements)
    {
        var errors = new List<string>();
        // Every job's inputs pass through here: the unknown-name scan builds nothing unless a name is unknown.
        if (inputs.Keys.Any(n => Array.FindIndex(Inputs, i => i.Name == n) < 0))
        {
            var expectedNames = string.Join(", ", Inputs.Select(i => i.Name));
            foreach (var name in inputs.Keys.Where(n => Inputs.All(i => i.Name != n)).Order(StringComparer.Ordinal))
            {
                errors.Add($"Unknown input '{name}'; the model expects: {expectedNames}.");
            }
        }

        foreach (var spec in Inputs)
        {
            if (!inputs.TryGetValue(spec.Name, out var tensor) || tensor is null)
            {
                errors.Add($"Missing input '{spec.Name}' (expected {spec.ElementType}{TensorData.FormatShape(spec.Shape)}).");
                continue;
            }

            var mismatch = spec.FindMismatch(tensor) ?? PrefixInvalid(spec.Name, tensor.Validate(maxElementsPerTensor));
            if (mismatch is not null)
            {
                errors.Add(mismatch);
            }
        }

        return errors;
    }

    private static string? PrefixInvalid(string name, string? problem) =>
        problem is null ? null : $"Input '{name}' is invalid: {problem}";

    public bool Equals(ModelSignature? other) =>
        other is not null && Inputs.SequenceEqual(other.Inputs) && Outputs.SequenceEqual(other.Outputs);

    public override int GetHashCode() => HashCode.Combine(Inputs.Length, Outputs.Length);

    public override string ToString() =>
        $"inputs ({string.Join("; ", Inputs.Select(i => i.ToString()))}) -> outputs ({string.Join("; ", Outputs.Select(o => o.ToString()))})";
}
