using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>Turns noisy tool output ("Intel(R) Arc(TM) A770 Graphics", "NVIDIA A100-SXM4-80GB") into comparable tokens.</summary>
internal static class GpuNameTokens
{
    // Words that name the vendor or the device kind but never the model; tools add or drop them freely.
    private static readonly FrozenSet<string> Noise = FrozenSet.ToFrozenSet(
    [
        "nvidia", "amd", "ati", "intel", "apple", "corporation", "corp", "inc", "advanced", "micro", "devices",
        "r", "tm", "c", "graphics", "gpu", "the",
    ]);

    public static GpuNameParts Parse(string? text)
    {
        var raw = Split(text);
        var tokens = new List<string>(raw.Count);
        double? memoryGb = null;
        for (var i = 0; i < raw.Count; i++)
        {
            var token = raw[i];
            // "16GB" or "16 GB" state the memory size; it selects a variant, it is not part of the model name.
            if (TryMemory(token, out var gb))
            {
                memoryGb ??= gb;
                continue;
            }
            if (IsDigits(token) && i + 1 < raw.Count && raw[i + 1] == "gb")
            {
                memoryGb ??= double.Parse(token, CultureInfo.InvariantCulture);
                i++;
                continue;
            }
            if (!Noise.Contains(token))
            {
                tokens.Add(token);
            }
        }
        return new GpuNameParts([.. tokens], [.. raw], memoryGb);
    }

    /// <summary>Whitespace-collapsed, trimmed form used for exact name lookups.</summary>
    public static string Collapse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length);
        foreach (var part in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }
            builder.Append(part);
        }
        return builder.ToString();
    }

    public static bool HasDigit(string token)
    {
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c))
            {
                return true;
            }
        }
        return false;
    }

    private static List<string> Split(string? text)
    {
        var result = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }
        var current = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            // Everything but ASCII letters and digits separates tokens: (R), (TM), ®, ™, '-', '/', '[', ']'.
            if (char.IsAsciiLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                result.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            result.Add(current.ToString());
        }
        return result;
    }

    private static bool TryMemory(string token, out double gb)
    {
        gb = 0;
        if (token.Length < 3 || !token.EndsWith("gb", StringComparison.Ordinal))
        {
            return false;
        }
        var digits = token[..^2];
        return IsDigits(digits) && double.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out gb);
    }

    private static bool IsDigits(string token)
    {
        if (token.Length == 0)
        {
            return false;
        }
        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
