using System.Buffers;

namespace Aitbc.Orleans.Gateway.Validation;

/// <summary>Checks shared by every request: ids, free text, enum names, numbers.</summary>
public static class FieldRules
{
    // Ids become grain keys and parts of composite keys ("{tenant}/{key}"), so '/' and anything unprintable is out.
    private static readonly SearchValues<char> IdChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-");

    /// <summary>A required id of letters, digits and . _ : - only.</summary>
    public static string? Id(ValidationErrors errors, string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add(field, "is required");
            }

            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters");
            return null;
        }

        if (value.AsSpan().ContainsAnyExcept(IdChars))
        {
            errors.Add(field, "may contain only letters, digits and . _ : -");
            return null;
        }

        return value;
    }

    /// <summary>Free text (names, labels): printable, no control characters, bounded.</summary>
    public static string? Text(ValidationErrors errors, string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required || value is not null)
            {
                errors.Add(field, required ? "is required" : "must not be blank");
            }

            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters");
            return null;
        }

        if (value.Any(char.IsControl))
        {
            errors.Add(field, "must not contain control characters");
            return null;
        }

        return value.Trim();
    }

    /// <summary>An enum by name (any case), never by number, so unknown values cannot slip through as integers.</summary>
    public static TEnum? Enum<TEnum>(ValidationErrors errors, string field, string? value, TEnum? defaultValue = null)
        where TEnum : struct, System.Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            if (defaultValue is null)
            {
                errors.Add(field, $"is required; one of: {NamesOf<TEnum>()}");
            }

            return defaultValue;
        }

        if (TryParseName(value, out TEnum parsed))
        {
            return parsed;
        }

        errors.Add(field, $"'{Truncate(value)}' is not one of: {NamesOf<TEnum>()}");
        return null;
    }

    public static bool TryParseName<TEnum>(string? value, out TEnum parsed)
        where TEnum : struct, System.Enum
    {
        parsed = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (var name in System.Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                parsed = System.Enum.Parse<TEnum>(name);
                return true;
            }
        }

        return false;
    }

    public static string NamesOf<TEnum>()
        where TEnum : struct, System.Enum =>
        string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));

    /// <summary>A finite number within [min, max].</summary>
    public static double? Number(ValidationErrors errors, string field, double? value, double min, double max, bool required, bool exclusiveMin = false)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, "is required");
            }

            return null;
        }

        var v = value.Value;
        if (!double.IsFinite(v) || v > max || (exclusiveMin ? v <= min : v < min))
        {
            errors.Add(field, $"must be a number {(exclusiveMin ? "greater than" : "from")} {min} {(exclusiveMin ? "and at most" : "to")} {max}");
            return null;
        }

        return v;
    }

    /// <summary>A positive amount of money, at most max, with at most 8 decimal places.</summary>
    public static decimal? Amount(ValidationErrors errors, string field, decimal? value, decimal max, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, "is required");
            }

            return null;
        }

        var v = value.Value;
        if (v <= 0 || v > max)
        {
            errors.Add(field, $"must be greater than 0 and at most {max}");
            return null;
        }

        if (decimal.Round(v, 8) != v)
        {
            errors.Add(field, "must have at most 8 decimal places");
            return null;
        }

        return v;
    }

    public static string Truncate(string value, int max = 40) => value.Length <= max ? value : value[..max] + "…";
}
