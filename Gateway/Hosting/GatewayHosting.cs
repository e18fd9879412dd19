namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>Registers and maps the job submitters' API. The silo co-hosts it in development; production runs Gateway alone.</summary>
public static class GatewayHosting
{
    public static WebApplicationBuilder AddAitbcGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication MapAitbcGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
