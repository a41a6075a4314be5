using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 2 <c>shutdown</c>: the sender starts closing the channel and says where its funds should go.</summary>
/// <param name="ScriptPubKey">The sender's closing <c>scriptpubkey</c>, as sent (its form is checked by the channel, not here).</param>
public sealed record ShutdownMessage(ChannelId ChannelId, ByteVector ScriptPubKey, TlvStream UnknownTlvs) : IWireMessage<ShutdownMessage>
{
    public ShutdownMessage(ChannelId channelId, ByteVector scriptPubKey)
        : this(channelId, scriptPubKey, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(38);

    public static string Name => "shutdown";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u16", "len"),
        new("len*byte", "scriptpubkey"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ShutdownMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadScript(out var script)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new ShutdownMessage(channelId, script, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteScript(ScriptPubKey);
        UnknownTlvs.Write(writer);
    }
}
