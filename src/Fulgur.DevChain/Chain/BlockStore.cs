using System.Buffers.Binary;
using Fulgur.Bitcoin.Blocks;

namespace Fulgur.DevChain.Chain;

/// <summary>
/// The chain on disk: one append-only file of blocks after genesis, each record being regtest's network magic
/// (fa bf b5 da), a little-endian length and the serialized block, as bitcoind's blk*.dat. Disconnecting blocks
/// truncates the file. A torn record at the end (a crash mid-write) is dropped on load.
/// </summary>
internal sealed class BlockStore : IDisposable
{
    private static ReadOnlySpan<byte> Magic => [0xfa, 0xbf, 0xb5, 0xda];

    private readonly FileStream _file;
    private readonly List<long> _offsets = [];

    public BlockStore(string path)
    {
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
    }

    /// <summary>Reads every stored block in order; stops at the first torn or unreadable record and cuts it off.</summary>
    public IEnumerable<Block> ReadAll()
    {
        _file.Position = 0;
        var header = new byte[8];
        while (true)
        {
            var offset = _file.Position;
            Block? block = null;
            if (_file.Length - offset >= 8)
            {
                _file.ReadExactly(header);
                var length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
                if (header.AsSpan(0, 4).SequenceEqual(Magic) && length <= _file.Length - offset - 8)
                {
                    var bytes = new byte[length];
                    _file.ReadExactly(bytes);
                    _ = Block.TryParse(bytes, out block, out _);
                }
            }
            if (block is null)
            {
                _file.SetLength(offset);
                yield break;
            }
            _offsets.Add(offset);
            yield return block;
        }
    }

    /// <summary>How many blocks the file holds (heights 1..Count).</summary>
    public int Count => _offsets.Count;

    public void Append(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var bytes = block.ToBytes();
        var record = new byte[8 + bytes.Length];
        Magic.CopyTo(record);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), (uint)bytes.Length);
        bytes.CopyTo(record.AsSpan(8));
        var offset = _file.Length;
        _file.Position = offset;
        _file.Write(record);
        _file.Flush(flushToDisk: true);
        _offsets.Add(offset);
    }

    /// <summary>Keeps blocks up to <paramref name="height"/> and drops the rest.</summary>
    public void TruncateTo(int height)
    {
        if (height >= _offsets.Count)
            return;
        _file.SetLength(_offsets[height]);
        _file.Flush(flushToDisk: true);
        _offsets.RemoveRange(height, _offsets.Count - height);
    }

    public void Dispose() => _file.Dispose();
}
