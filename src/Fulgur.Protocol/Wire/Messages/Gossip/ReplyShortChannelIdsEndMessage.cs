using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 7 <c>reply_short_channel_ids_end</c>: the end of the answer to a <c>query_short_channel_ids</c>.</summary>
/// <param name="FullInformation">The <c>full_information</c> byte as sent (0 means "ask elsewhere too").</param>
public sealed record ReplyShortChannelIdsEndMessage(ChainHash ChainHash, byte FullInformation, TlvStream UnknownTlvs)
    : IWireMessage<ReplyShortChannelIdsEndMessage>
{
    public ReplyShortChannelIdsEndMessage(ChainHash chainHash, bool fullInformation)
        : this(chainHash, fullInformation ? (byte)1 : (byte)0, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(262);

    public static string Name => "reply_short_channel_ids_end";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("chain_hash", "chain_hash"),
        new("byte", "full_information"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    // BOLT #7: "if does not maintain up-to-date channel information for `chain_hash`: - MUST set
    // `full_information` to 0."
    public bool HasFullInformation => FullInformation != 0;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ReplyShortChannelIdsEndMessage? message)
    {
        message = null;
        if (!reader.TryReadChainHash(out var chainHash)
            || !reader.TryReadU8(out var fullInformation)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new ReplyShortChannelIdsEndMessage(chainHash, fullInformation, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChainHash(ChainHash);
        writer.WriteU8(FullInformation);
        UnknownTlvs.Write(writer);
    }
}
