using System.Globalization;
using Aitbc.Orleans.Gateway.Validation;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>Query parameters read by hand so that a bad value is a field message, not a bare 400.</summary>
public static class QueryReader
{
    public static string? Text(HttpRequest request, ValidationErrors errors, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var values = request.Query[name];
        if (values.Count > 1)
        {
            errors.Add(name, "must be given once");
            return null;
        }

        return values.Count == 0 ? null : values[0];
    }

    public static int? Int(HttpRequest request, ValidationErrors errors, string name, int min, int max)
    {
        var text = Text(request, errors, name);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(name, $"must be a whole number from {min} to {max}");
        return null;
    }

    public static long? Long(HttpRequest request, ValidationErrors errors, string name, long min, long max)
    {
        var text = Text(request, errors, name);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(name, $"must be a whole number from {min} to {max}");
        return null;
    }

    public static double? Number(HttpRequest request, ValidationErrors errors, string name, double min, double max)
    {
        var text = Text(request, errors, name);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(name, $"must be a number from {min} to {max}");
        return null;
    }

    public static bool? Bool(HttpRequest request, ValidationErrors errors, string name)
    {
        var text = Text(request, errors, name);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add(name, "must be true or false");
        return null;
    }

    public static TEnum? Enum<TEnum>(HttpRequest request, ValidationErrors errors, string name)
        where TEnum : struct, System.Enum
    {
        var text = Text(request, errors, name);
        if (text is null)
        {
            return null;
        }

        return FieldRules.TryParseName(text, out TEnum value) ? value : Invalid<TEnum>(errors, name, text);
    }

    /// <summary>page (from 1) and pageSize (1 to max, default 50).</summary>
    public static (int Page, int PageSize) Paging(HttpRequest request, ValidationErrors errors, int maxPageSize)
    {
        var page = Int(request, errors, "page", 1, 1_000_000) ?? 1;
        var size = Int(request, errors, "pageSize", 1, maxPageSize) ?? Math.Min(50, maxPageSize);
        return (page, size);
    }

    private static TEnum? Invalid<TEnum>(ValidationErrors errors, string name, string text)
        where TEnum : struct, System.Enum
    {
        errors.Add(name, $"'{FieldRules.Truncate(text)}' is not one of: {FieldRules.NamesOf<TEnum>()}");
        return null;
    }
}
