using Aitbc.Orleans.Models;

namespace Aitbc.Orleans.Gateway.Models;

/// <summary>
/// A model's bytes as a seekable, read-only stream over its chunk grains, fetching one chunk at a time. Being
/// seekable with a known length lets ASP.NET Core's file results answer Range requests (206, 416) for it.
/// </summary>
public sealed class ModelContentStream(IGrainFactory grains, ModelInfo model) : Stream
{
    private byte[]? _chunk;
    private int _chunkIndex = -1;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => model.SizeBytes;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= Length || buffer.Length == 0)
        {
            return 0;
        }

        var index = (int)(_position / model.ChunkSize);
        if (index != _chunkIndex)
        {
            _chunk = await grains.GetGrain<IModelChunkGrain>(ModelStore.ChunkKey(model.Sha256, index)).Read().WaitAsync(cancellationToken)
                ?? throw new IOException($"Chunk {index} of model {model.ModelId} is missing.");
            _chunkIndex = index;
        }

        var offset = (int)(_position - ((long)index * model.ChunkSize));
        var available = _chunk!.Length - offset;
        if (available <= 0)
        {
            throw new IOException($"Chunk {index} of model {model.ModelId} is shorter than expected.");
        }

        var count = (int)Math.Min(Math.Min(buffer.Length, available), Length - _position);
        _chunk.AsMemory(offset, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Kestrel forbids synchronous I/O; this only serves callers outside a request.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
