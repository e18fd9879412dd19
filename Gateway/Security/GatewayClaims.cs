namespace Aitbc.Orleans.Gateway.Security;

/// <summary>Claims the API key handler puts on the caller's principal.</summary>
public static class GatewayClaims
{
    public const string AccountId = "aitbc:account";
    public const string KeyId = "aitbc:key";
    public const string MinerId = "aitbc:miner";
}
