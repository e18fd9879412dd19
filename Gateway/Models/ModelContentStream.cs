using Aitbc.Orleans.Models;

namespace Aitbc.Orleans.Gateway.Models;

/// <summary>
/// A model's (or a variant's) bytes as a seekable, read-only stream over its chunk grains (keyed by the content's
/// SHA-256), fetching one chunk at a time. Being seekable with a known length lets ASP.NET Core's file results answer
/// Range requests (206, 416) for it.
/// </summary>
public sealed class ModelContentStream(IGrainFactory grains, string sha256, long length, int chunkSize, string label) : Stream
{
    public ModelContentStream(IGrainFactory grains, ModelInfo model)
        : this(grains, model.Sha256, model.SizeBytes, model.ChunkSize, $"model {model.ModelId}")
    {
    }

    private byte[]? _chunk;
    private int _chunkIndex = -1;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

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

        var index = (int)(_position / chunkSize);
        if (index != _chunkIndex)
        {
            _chunk = await grains.Grain<IModelChunkGrain>(ModelStore.ChunkKey(sha256, index)).Read().WaitAsync(cancellationToken)
                ?? throw new IOException($"Chunk {index} of {label} is missing.");
            _chunkIndex = index;
        }

        var offset = (int)(_position - ((long)index * chunkSize));
        var available = _chunk!.Length - offset;
        if (available <= 0)
        {
            throw new IOException($"Chunk {index} of {label} is shorter than expected.");
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
