namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>The answer to an upload: the model, and whether these bytes were new (201) or already registered (200).</summary>
public sealed record ModelUpload(Model Model, bool Created);
