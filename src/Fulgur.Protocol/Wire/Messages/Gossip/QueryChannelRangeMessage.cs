using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 7 <c>query_channel_range</c>: asks for the channels funded in a range of blocks.</summary>
/// <param name="QueryOption">The <c>query_option</c> TLV, or null when absent.</param>
public sealed record QueryChannelRangeMessage(
    ChainHash ChainHash,
    BlockHeight FirstBlocknum,
    uint NumberOfBlocks,
    QueryOptions? QueryOption,
    TlvStream UnknownTlvs) : IWireMessage<QueryChannelRangeMessage>
{
    private const ulong QueryOptionType = 1;

    public QueryChannelRangeMessage(ChainHash chainHash, BlockHeight firstBlocknum, uint numberOfBlocks, QueryOptions? queryOption = null)
        : this(chainHash, firstBlocknum, numberOfBlocks, queryOption, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(263);

    public static string Name => "query_channel_range";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("chain_hash", "chain_hash"),
        new("u32", "first_blocknum"),
        new("u32", "number_of_blocks"),
        new("query_channel_range_tlvs", "tlvs"),
    ];

    // BOLT #7: "`query_option_flags` is a bitfield represented as a minimally-encoded bigsize."
    public static TlvNamespace Tlvs { get; } = new("query_channel_range_tlvs",
        new TlvType(QueryOptionType, "query_option", static (ref r) => r.TryReadBigSize(out _)));

    public MessageType Type => MessageType;

    /// <summary>The block after the range: <c>first_blocknum + number_of_blocks</c>, without overflow.</summary>
    public ulong EndBlock => (ulong)FirstBlocknum.Value + NumberOfBlocks;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out QueryChannelRangeMessage? message)
    {
        message = null;
        if (!reader.TryReadChainHash(out var chainHash)
            || !reader.TryReadBlockHeight(out var firstBlocknum)
            || !reader.TryReadU32(out var numberOfBlocks)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        QueryOptions? option = null;
        if (tlvs.TryGetValue(QueryOptionType, out var value))
        {
            var valueReader = new WireReader(value.Span);
            valueReader.TryReadBigSize(out var flags);
            option = (QueryOptions)flags;
        }
        message = new QueryChannelRangeMessage(chainHash, firstBlocknum, numberOfBlocks, option, tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChainHash(ChainHash);
        writer.WriteBlockHeight(FirstBlocknum);
        writer.WriteU32(NumberOfBlocks);
        var tlvs = UnknownTlvs;
        if (QueryOption is { } option)
            tlvs = tlvs.With(QueryOptionType, WireWriter.ToByteVector(w => w.WriteBigSize((ulong)option)));
        tlvs.Write(writer);
    }
}
