using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 7 <c>query_short_channel_ids</c>: asks for the announcements and updates of specific channels, optionally
/// saying per channel which ones (<see cref="QueryFlags"/>). The encoded arrays are kept as received; decode them
/// with <see cref="EncodedShortChannelIds.TryDecode"/> and <see cref="EncodedQueryFlags.TryDecodeFor"/>, which
/// refuse the withdrawn zlib encoding.
/// </summary>
public sealed record QueryShortChannelIdsMessage(
    ChainHash ChainHash,
    EncodedShortChannelIds ShortChannelIds,
    EncodedQueryFlags? QueryFlags,
    TlvStream UnknownTlvs) : IWireMessage<QueryShortChannelIdsMessage>
{
    private const ulong QueryFlagsType = 1;

    public QueryShortChannelIdsMessage(ChainHash chainHash, IReadOnlyList<ShortChannelId> ids, IReadOnlyList<QueryFlags>? flags = null)
        : this(chainHash, EncodedShortChannelIds.Encode(ids), flags is null ? null : EncodedQueryFlags.Encode(flags), TlvStream.Empty)
    {
        ArgumentNullException.ThrowIfNull(ids);
        // BOLT #7: "MUST encode one query flag per `short_channel_id`."
        if (flags is not null && flags.Count != ids.Count)
            throw new ArgumentException($"{flags.Count} query flags for {ids.Count} short_channel_ids", nameof(flags));
    }

    public static MessageType MessageType => new(261);

    public static string Name => "query_short_channel_ids";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("chain_hash", "chain_hash"),
        new("u16", "len"),
        new("len*byte", "encoded_short_ids"),
        new("query_short_channel_ids_tlvs", "tlvs"),
    ];

    public static TlvNamespace Tlvs { get; } = new("query_short_channel_ids_tlvs",
        new TlvType(QueryFlagsType, "query_flags", GossipTlvFormat.QueryFlags));

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out QueryShortChannelIdsMessage? message)
    {
        message = null;
        if (!reader.TryReadChainHash(out var chainHash)
            || !reader.TryReadU16Prefixed(out var ids)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        EncodedQueryFlags? flags = tlvs.TryGetValue(QueryFlagsType, out var value) ? new EncodedQueryFlags(value) : null;
        message = new QueryShortChannelIdsMessage(chainHash, new EncodedShortChannelIds(ids), flags, tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChainHash(ChainHash);
        writer.WriteU16Prefixed(ShortChannelIds.Raw.Span);
        var tlvs = QueryFlags is { } flags ? UnknownTlvs.With(QueryFlagsType, flags.Raw) : UnknownTlvs;
        tlvs.Write(writer);
    }
}
