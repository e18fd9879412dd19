namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>Whether this process runs in development, where the documented "dev-key" is accepted.</summary>
public static class GatewayEnvironment
{
    public const string DevelopmentKey = "dev-key";

    /// <summary>The account the development key acts for; the silo's DevelopmentBootstrap funds it.</summary>
    public const string DevelopmentAccount = "dev";

    /// <summary>
    /// True for the Development host environment or the Development hosting mode, which is the cluster's default when
    /// Aitbc:Mode is unset (in-memory storage, localhost clustering). Production must be chosen explicitly and then
    /// never accepts the development key.
    /// </summary>
    public static bool IsDevelopment(IHostEnvironment environment, IConfiguration configuration)
    {
        var mode = configuration["Aitbc:Mode"];
        return environment.IsDevelopment()
            || string.IsNullOrWhiteSpace(mode)
            || string.Equals(mode, "Development", StringComparison.OrdinalIgnoreCase);
    }
}
