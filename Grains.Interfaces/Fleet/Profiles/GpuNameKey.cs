namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>One catalogue name or alias with its model tokens, as the classifier compares them.</summary>
internal sealed record GpuNameKey(GpuProfile Profile, string Text, string[] Tokens);
