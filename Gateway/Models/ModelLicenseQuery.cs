using System.Globalization;
using Aitbc.Orleans.Gateway.Http;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Models.Licensing;

namespace Aitbc.Orleans.Gateway.Models;

/// <summary>
/// The structured license and visibility of an upload, from its query: license (SPDX id), licenseTerms (custom
/// terms), commercialUse (default true), allowedUses (comma-separated; default any), attribution, royalty (per
/// inference, default 0), published (default false: private to the owner).
/// </summary>
public static class ModelLicenseQuery
{
    public static (ModelLicense License, bool Published) Read(HttpRequest request, ValidationErrors errors, int maxLength, decimal maxRoyalty)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spdx = FieldRules.Text(errors, "license", QueryReader.Text(request, errors, "license"), maxLength, required: false);
        var terms = FieldRules.Text(errors, "licenseTerms", QueryReader.Text(request, errors, "licenseTerms"), 16 * maxLength, required: false);
        var attribution = FieldRules.Text(errors, "attribution", QueryReader.Text(request, errors, "attribution"), maxLength, required: false);
        var commercial = QueryReader.Bool(request, errors, "commercialUse") ?? true;
        var published = QueryReader.Bool(request, errors, "published") ?? false;
        var uses = new List<ModelUse>();
        foreach (var name in (QueryReader.Text(request, errors, "allowedUses") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (FieldRules.TryParseName(name, out ModelUse use))
            {
                uses.Add(use);
            }
            else
            {
                errors.Add("allowedUses", $"'{FieldRules.Truncate(name)}' is not one of: {FieldRules.NamesOf<ModelUse>()}");
            }
        }

        if (!commercial && uses.Contains(ModelUse.Commercial))
        {
            errors.Add("allowedUses", "lists commercial use, which commercialUse=false forbids");
        }

        var royalty = 0m;
        if (QueryReader.Text(request, errors, "royalty") is { } text)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out royalty))
            {
                errors.Add("royalty", "must be a decimal number");
            }
            else if (royalty != 0)
            {
                royalty = FieldRules.Amount(errors, "royalty", royalty, maxRoyalty, required: true) ?? 0;
            }
        }

        return (new ModelLicense(spdx, terms, commercial, uses.Distinct().ToArray(), attribution, royalty), published);
    }
}
