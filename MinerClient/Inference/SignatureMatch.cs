using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Checks a loaded model against the signature the cluster registered for it: the same input and output names,
/// element types and ranks, and equal sizes wherever both fix a dimension. The outputs' specs are returned with the
/// registered fixed sizes filled in where the file leaves a dimension open, so every run is held to both.
/// </summary>
internal static class SignatureMatch
{
    public static TensorSpec[] Merge(ModelSignature loaded, ModelSignature? declared, string model)
    {
        if (declared is null)
        {
            return loaded.Outputs;
        }

        var problems = new List<string>();
        Compare(loaded.Inputs, declared.Inputs, "input", problems);
        var outputs = Compare(loaded.Outputs, declared.Outputs, "output", problems);
        if (problems.Count > 0)
        {
            throw new ModelLoadException($"Model {model} does not match its registered signature: {string.Join(" ", problems)}");
        }

        return outputs;
    }

    private static TensorSpec[] Compare(TensorSpec[] loaded, TensorSpec[] declared, string kind, List<string> problems)
    {
        foreach (var missing in declared.Where(d => loaded.All(l => l.Name != d.Name)))
        {
            problems.Add($"The file has no {kind} '{missing.Name}'.");
        }

        var merged = new TensorSpec[loaded.Length];
        for (var i = 0; i < loaded.Length; i++)
        {
            var actual = loaded[i];
            merged[i] = actual;
            var expected = declared.FirstOrDefault(d => d.Name == actual.Name);
            if (expected is null)
            {
                problems.Add($"The file has an unregistered {kind} '{actual.Name}'.");
                continue;
            }

            if (expected.ElementType != actual.ElementType || expected.Rank != actual.Rank)
            {
                problems.Add($"The {kind} '{actual.Name}' is {actual.ElementType}{TensorData.FormatShape(actual.Shape)} in the file " +
                             $"but {expected.ElementType}{TensorData.FormatShape(expected.Shape)} registered.");
                continue;
            }

            var shape = new long[actual.Rank];
            for (var d = 0; d < shape.Length; d++)
            {
                if (actual.Shape[d] >= 0 && expected.Shape[d] >= 0 && actual.Shape[d] != expected.Shape[d])
                {
                    problems.Add($"The {kind} '{actual.Name}' has dimension {d} of {actual.Shape[d]} in the file but {expected.Shape[d]} registered.");
                }

                shape[d] = actual.Shape[d] >= 0 ? actual.Shape[d] : expected.Shape[d];
            }

            merged[i] = actual with { Shape = shape };
        }

        return merged;
    }
}
