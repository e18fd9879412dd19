using Microsoft.Extensions.Configuration;

namespace Aitbc.Orleans.Hosting;

/// <summary>
/// Hosting choices shared by silo, gateway and miner processes, read from configuration: Aitbc:Mode
/// (Development|Production) and Orleans:ClusterId / Orleans:ServiceId. Database settings are the silo's alone.
/// </summary>
public sealed record AitbcHostingOptions(HostingMode Mode, string ClusterId, string ServiceId)
{
    public static AitbcHostingOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var modeText = configuration["Aitbc:Mode"];
        var mode = HostingMode.Development;
        if (!string.IsNullOrWhiteSpace(modeText) && !Enum.TryParse(modeText, ignoreCase: true, out mode))
        {
            throw new InvalidOperationException($"Aitbc:Mode must be Development or Production, not '{modeText}'");
        }

        return new AitbcHostingOptions(mode, configuration["Orleans:ClusterId"] ?? "aitbc", configuration["Orleans:ServiceId"] ?? "aitbc");
    }
}
