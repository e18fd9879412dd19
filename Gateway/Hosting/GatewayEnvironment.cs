namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>Whether this process runs in development, where the documented "dev-key" is accepted.</summary>
public static class GatewayEnvironment
{
    public const string DevelopmentKey = "dev-key";

    /// <summary>The account the development key acts for; the silo's DevelopmentBootstrap funds it.</summary>
    public const string DevelopmentAccount = "dev";

    /// <summary>True for the Development host environment or an explicit Aitbc:Mode=Development (never by default).</summary>
    public static bool IsDevelopment(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment()
        || string.Equals(configuration["Aitbc:Mode"], "Development", StringComparison.OrdinalIgnoreCase);
}
