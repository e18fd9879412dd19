namespace Aitbc.Orleans.Trust;

/// <summary>
/// Who may call one grain method from outside the cluster. Operators may call anything; a method without a rule is
/// denied to everyone else. <see cref="Anonymous"/> methods need no session (the way to get one).
/// </summary>
public sealed record CallRule(string Name, CallAccess Miner, CallAccess Gateway, bool Anonymous = false)
{
    public static CallRule Unlisted(string name) => new(name, CallAccess.Deny, CallAccess.Deny);

    public CallAccess For(CallerKind kind) => kind switch
    {
        CallerKind.Operator => CallAccess.Any,
        CallerKind.Miner => Miner,
        CallerKind.Gateway => Gateway,
        _ => CallAccess.Deny,
    };
}
