using System.Diagnostics.CodeAnalysis;
using System.Text;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 1 <c>error</c>: the sender has failed the channel named by <see cref="ChannelId"/>, or all channels with
/// us when it is all zeros.
/// </summary>
public sealed record ErrorMessage(ChannelId ChannelId, ByteVector Data, TlvStream UnknownTlvs) : IWireMessage<ErrorMessage>
{
    public ErrorMessage(ChannelId channelId, string text)
        : this(channelId, new ByteVector(Encoding.UTF8.GetBytes(text)), TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(17);

    public static string Name => "error";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u16", "len"),
        new("len*byte", "data"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    // BOLT #1: "The channel is referred to by `channel_id`, unless `channel_id` is 0 (i.e. all bytes are 0), in
    // which case it refers to all channels."
    public bool IsForAllChannels => ChannelId.IsAll;

    /// <summary><see cref="Data"/> made safe to log.</summary>
    public string DisplayText => ErrorText.Display(Data);

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ErrorMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadU16Prefixed(out var data)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new ErrorMessage(channelId, data, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteU16Prefixed(Data.Span);
        UnknownTlvs.Write(writer);
    }
}

/// <summary>Presenting the free-form <c>data</c> of <c>error</c> and <c>warning</c>.</summary>
internal static class ErrorText
{
    /// <summary>The data verbatim when it is printable ASCII, otherwise as hex.</summary>
    public static string Display(ByteVector data)
    {
        // BOLT #1: "if `data` is not composed solely of printable ASCII characters (For reference: the printable
        // character set includes byte values 32 through 126, inclusive): - SHOULD NOT print out `data` verbatim."
        foreach (var b in data.Span)
        {
            if (b is < 32 or > 126)
                return "0x" + Hex.Encode(data.Span);
        }
        return Encoding.ASCII.GetString(data.Span);
    }
}
