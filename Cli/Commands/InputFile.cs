using System.Text.Json;
using Aitbc.Orleans.Sdk.Contracts;
using Aitbc.Orleans.Sdk.Http;

namespace Aitbc.Orleans.Cli.Commands;

/// <summary>A file (or "-" for standard input) in the API's inputs shape: {"name": {"type", "shape", "data"}, ...}.</summary>
public static class InputFile
{
    public static IReadOnlyDictionary<string, Tensor> Read(string path, CliConsole console)
    {
        var text = path == "-" ? console.In.ReadToEnd() : File.ReadAllText(path);
        var inputs = JsonSerializer.Deserialize<Dictionary<string, Tensor>>(text, SdkJson.Options);
        if (inputs is null || inputs.Count == 0)
        {
            throw new ArgumentException($"{(path == "-" ? "standard input" : path)} holds no inputs; write {{\"name\": {{\"type\": \"float32\", \"shape\": [1, 4], \"data\": [1, 2, 3, 4]}}}}");
        }

        foreach (var (name, tensor) in inputs)
        {
            if (tensor is null || tensor.Type is null || tensor.Shape is null)
            {
                throw new ArgumentException($"input '{name}' needs type, shape and data");
            }
        }

        return inputs;
    }
}
