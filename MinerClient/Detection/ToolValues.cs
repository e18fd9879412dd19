using System.Globalization;
using System.Text.Json;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Shared parsing of the loosely typed values vendor tools print.</summary>
internal static class ToolValues
{
    /// <summary>True for the placeholders tools print instead of a value: "[N/A]", "N/A", "[Not Supported]", "" and the like.</summary>
    public static bool IsPlaceholder(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return true;
        }

        var value = raw.Trim();
        return (value.StartsWith('[') && value.EndsWith(']'))
            || value.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            || value.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || value.Equals("Not Supported", StringComparison.OrdinalIgnoreCase)
            || value.Equals("Unknown", StringComparison.OrdinalIgnoreCase);
    }

    public static double? ParseDouble(string? raw) =>
        !IsPlaceholder(raw) && double.TryParse(raw!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;

    public static long? ParseLong(string? raw) =>
        !IsPlaceholder(raw) && long.TryParse(raw!.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>Parses "0x8086"-style hex (sysfs ids) or plain decimal.</summary>
    public static long? ParseHexOrDecimal(string? raw)
    {
        if (IsPlaceholder(raw))
        {
            return null;
        }

        var value = raw!.Trim();
        if (value.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        }

        return ParseLong(value);
    }

    public static long BytesToMb(long bytes) => bytes / (1024 * 1024);

    /// <summary>Text of a string or number JSON value; null for anything else.</summary>
    public static string? JsonText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };

    /// <summary>First non-placeholder value among <paramref name="keys"/>, matched case-insensitively because key spelling drifts between tool versions.</summary>
    public static string? FindJsonText(JsonElement obj, params ReadOnlySpan<string> keys)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var key in keys)
        {
            foreach (var property in obj.EnumerateObject())
            {
                if (property.Name.Trim().Equals(key, StringComparison.OrdinalIgnoreCase))
                {
                    var text = JsonText(property.Value);
                    if (!IsPlaceholder(text))
                    {
                        return text!.Trim();
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Parses JSON that some tools prefix with warning lines; null when there is no object to parse.</summary>
    public static JsonDocument? TryParseJsonObject(string? output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            return null;
        }

        // Trim to the outermost braces: rocm-smi can print warnings before and after its JSON.
        var start = output.IndexOf('{', StringComparison.Ordinal);
        var end = output.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(output.AsMemory(start, end - start + 1), new JsonDocumentOptions { AllowTrailingCommas = true });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
