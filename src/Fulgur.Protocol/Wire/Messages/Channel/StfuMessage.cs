using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 2 <c>stfu</c>: asks to quiesce the channel (or agrees to), so no further updates are sent.</summary>
/// <param name="Initiator">The <c>initiator</c> byte as sent: 1 when the sender starts quiescence, 0 when it replies.</param>
public sealed record StfuMessage(ChannelId ChannelId, byte Initiator, TlvStream UnknownTlvs) : IWireMessage<StfuMessage>
{
    // BOLT #2: "if it is replying to an `stfu`: - MUST set `initiator` to 0 - otherwise: - MUST set `initiator` to 1"
    public StfuMessage(ChannelId channelId, bool isInitiator)
        : this(channelId, isInitiator ? (byte)1 : (byte)0, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(2);

    public static string Name => "stfu";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u8", "initiator"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    public bool IsInitiator => Initiator != 0;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out StfuMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadU8(out var initiator)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new StfuMessage(channelId, initiator, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteU8(Initiator);
        UnknownTlvs.Write(writer);
    }
}
