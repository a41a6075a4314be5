using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 2 <c>closing_sig</c> (<c>option_simple_close</c>): the closee's signature of one variant of the transaction
/// a <c>closing_complete</c> proposed, echoing its scripts, fee and locktime.
/// </summary>
public sealed record ClosingSigMessage(
    ChannelId ChannelId,
    ByteVector CloserScriptPubKey,
    ByteVector CloseeScriptPubKey,
    Satoshi FeeSatoshis,
    uint Locktime,
    ClosingSignatures Signatures,
    TlvStream UnknownTlvs) : IWireMessage<ClosingSigMessage>
{
    public static MessageType MessageType => new(41);

    public static string Name => "closing_sig";

    public static IReadOnlyList<WireField> Fields => SimpleCloseFields.Fields;

    public static TlvNamespace Tlvs => ClosingSignatures.Namespace;

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ClosingSigMessage? message)
    {
        message = null;
        if (!SimpleCloseFields.TryRead(ref reader, out var f))
            return false;
        message = new ClosingSigMessage(f.ChannelId, f.CloserScriptPubKey, f.CloseeScriptPubKey, f.FeeSatoshis, f.Locktime, f.Signatures, f.UnknownTlvs);
        return true;
    }

    public void WritePayload(WireWriter writer) =>
        new SimpleCloseFields(ChannelId, CloserScriptPubKey, CloseeScriptPubKey, FeeSatoshis, Locktime, Signatures, UnknownTlvs).Write(writer);
}
