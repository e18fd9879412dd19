namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>A device name split into model tokens (noise removed), all raw tokens, and any memory size it states.</summary>
internal sealed record GpuNameParts(string[] Tokens, string[] RawTokens, double? MemoryGb);
