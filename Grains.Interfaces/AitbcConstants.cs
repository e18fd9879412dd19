namespace Aitbc.Orleans;

/// <summary>Names shared by every process: storage providers, stream providers, meters.</summary>
public static class AitbcConstants
{
    public const string GrainStorage = "aitbc";
    public const string StreamProvider = "aitbc-streams";
    public const string MeterName = "Aitbc";
    public const string ActivitySourceName = "Aitbc";
}
