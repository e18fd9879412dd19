using System.Text.Json;
using Aitbc.Orleans.Sdk.Http;

namespace Aitbc.Orleans.Cli.Output;

/// <summary>The machine-readable result of a command: exactly one JSON object on standard output.</summary>
public static class JsonOutput
{
    public static void Write<T>(TextWriter writer, T value)
    {
        writer.WriteLine(JsonSerializer.Serialize(value, SdkJson.Indented));
        writer.Flush();
    }
}
