using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Client.Security;

/// <summary>
/// Signs in as an operator with an operator API key (operators' tools and test harnesses; in development, the
/// documented "dev-key"). The key itself is the proof, as it is at the HTTP gateway.
/// </summary>
public sealed class OperatorKeyCredential(string apiKey) : ISignInCredential
{
    public string Subject => "operator (API key)";

    public Task<SessionToken> SignInAsync(IClusterAccessGrain access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return access.SignInOperator(apiKey);
    }
}
