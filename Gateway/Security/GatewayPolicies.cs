namespace Aitbc.Orleans.Gateway.Security;

/// <summary>Authorization policy names. Every /v1 endpoint names one; health and metrics stay open.</summary>
public static class GatewayPolicies
{
    /// <summary>Any valid key.</summary>
    public const string Authenticated = "aitbc-authenticated";

    public const string Submitter = "aitbc-submitter";

    public const string Operator = "aitbc-operator";

    /// <summary>A person's account (submitter or operator), not a miner daemon: enrols miners.</summary>
    public const string AccountHolder = "aitbc-account-holder";
}
