using Microsoft.AspNetCore.Authentication;

namespace Aitbc.Orleans.Gateway.Security;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Accept the documented development key. Set only in development.</summary>
    public bool AcceptDevelopmentKey { get; set; }
}
