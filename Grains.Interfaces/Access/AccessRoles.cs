namespace Aitbc.Orleans.Access;

/// <summary>
/// What a credential may do. Submitters quote, submit and upload models for their own account; operators run the
/// platform (credit accounts, create keys); miners are the credentials the daemons use to fetch models.
/// </summary>
public static class AccessRoles
{
    public const string Submitter = "submitter";
    public const string Operator = "operator";
    public const string Miner = "miner";

    public static IReadOnlyList<string> All { get; } = [Submitter, Operator, Miner];

    public static bool IsKnown(string? role) => role is Submitter or Operator or Miner;
}
