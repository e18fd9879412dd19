namespace Aitbc.Orleans.Models;

/// <summary>
/// One fixed-size chunk of a model's bytes, keyed "{sha256}/{index}". Chunks keep model content in grain storage
/// (PostgreSQL in production), so any gateway can serve any model without a shared file system.
/// </summary>
[Alias("aitbc.IModelChunkGrain")]
public interface IModelChunkGrain : IGrainWithStringKey
{
    [Alias("Put")]
    Task Put(byte[] data);

    [Alias("Read")]
    Task<byte[]?> Read();
}
