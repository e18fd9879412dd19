namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>The clustering table asks for a service provider it does not use on these paths.</summary>
internal sealed class EmptyServiceProvider : IServiceProvider
{
    public object? GetService(Type serviceType) => null;
}
