using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace FunctionsPipeline.Core.Publishing.OpenData;

/// <summary>
/// A large file written block by block: <see cref="Stream"/> buffers, <see cref="FlushIfFullAsync"/> stages a block once
/// the buffer holds <c>blockSize</c> bytes, and nothing is visible until <see cref="CommitAsync"/> (readers keep the
/// previous file meanwhile; a failure part-way leaves it as it was). Memory stays at about one block whatever the size.
/// </summary>
internal sealed class StagedBlob(BlockBlobClient blob, int blockSize) : IDisposable
{
    private readonly MemoryStream _buffer = new();
    private readonly List<string> _blocks = [];
    private readonly string _prefix = Guid.NewGuid().ToString("N");

    public Stream Stream => _buffer;

    /// <summary>The file's size once committed (before: the bytes staged so far).</summary>
    public long Length { get; private set; }

    /// <summary>Storage requests made (stage and commit, or the one upload).</summary>
    public int Requests { get; private set; }

    public async Task FlushIfFullAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length >= blockSize) await StageAsync(cancellationToken);
    }

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length == 0) return;
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_prefix}-{_blocks.Count:D6}"));
        _buffer.Position = 0;
        await blob.StageBlockAsync(id, _buffer, new BlockBlobStageBlockOptions(), cancellationToken);
        Requests++;
        Length += _buffer.Length;
        _blocks.Add(id);
        _buffer.SetLength(0);
    }

    /// <summary>Makes the file visible with its headers and metadata: one upload when it fits a block, else the last block and the block list.</summary>
    public async Task CommitAsync(BlobHttpHeaders headers, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        if (_blocks.Count == 0)
        {
            _buffer.Position = 0;
            Length = _buffer.Length;
            await blob.UploadAsync(_buffer, new BlobUploadOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken);
            Requests++;
            return;
        }
        await StageAsync(cancellationToken);
        await blob.CommitBlockListAsync(_blocks, new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken);
        Requests++;
    }

    public void Dispose() => _buffer.Dispose();
}
