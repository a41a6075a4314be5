using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Fees;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 2 <c>update_fee</c>: the channel opener changes the commitment fee rate.</summary>
public sealed record UpdateFeeMessage(ChannelId ChannelId, FeeRate FeeratePerKw, TlvStream UnknownTlvs) : IWireMessage<UpdateFeeMessage>
{
    public UpdateFeeMessage(ChannelId channelId, FeeRate feeratePerKw)
        : this(channelId, feeratePerKw, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(134);

    public static string Name => "update_fee";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u32", "feerate_per_kw"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out UpdateFeeMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadFeeRate(out var feerate)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new UpdateFeeMessage(channelId, feerate, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteFeeRate(FeeratePerKw);
        UnknownTlvs.Write(writer);
    }
}
