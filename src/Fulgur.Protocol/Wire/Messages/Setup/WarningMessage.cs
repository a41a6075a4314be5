using System.Diagnostics.CodeAnalysis;
using System.Text;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 1 <c>warning</c>: something is wrong but the channel stays open. All-zero <see cref="ChannelId"/> means
/// the warning is about the connection rather than one channel.
/// </summary>
public sealed record WarningMessage(ChannelId ChannelId, ByteVector Data, TlvStream UnknownTlvs) : IWireMessage<WarningMessage>
{
    public WarningMessage(ChannelId channelId, string text)
        : this(channelId, new ByteVector(Encoding.UTF8.GetBytes(text)), TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(1);

    public static string Name => "warning";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u16", "len"),
        new("len*byte", "data"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    // BOLT #1: "MAY set `channel_id` to all zero if the warning is not related to a specific channel."
    public bool IsForAllChannels => ChannelId.IsAll;

    /// <summary><see cref="Data"/> made safe to log.</summary>
    public string DisplayText => ErrorText.Display(Data);

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out WarningMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadU16Prefixed(out var data)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new WarningMessage(channelId, data, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteU16Prefixed(Data.Span);
        UnknownTlvs.Write(writer);
    }
}
