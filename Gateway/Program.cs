using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Gateway;

/// <summary>The gateway as its own process: an Orleans client that finds silos through the cluster's gateway list.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseOrleansClient(client => client.UseAitbcClustering(builder.Configuration).AddActivityPropagation());
        builder.AddAitbcObservability("aitbc-gateway");
        builder.AddAitbcGateway();
        var app = builder.Build();
        app.MapAitbcOperations();
        app.MapAitbcGateway();
        await app.RunAsync();
    }
}
