using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// The <c>closing_tlvs</c> of <c>closing_complete</c> and <c>closing_sig</c>: one signature per variant of the closing
/// transaction (closer's output only, closee's output only, both), each null when absent.
/// </summary>
public sealed record ClosingSignatures(
    EcdsaSignature? CloserOutputOnly,
    EcdsaSignature? CloseeOutputOnly,
    EcdsaSignature? CloserAndCloseeOutputs)
{
    internal const ulong CloserOutputOnlyType = 1;
    internal const ulong CloseeOutputOnlyType = 2;
    internal const ulong CloserAndCloseeOutputsType = 3;

    public static readonly ClosingSignatures None = new(null, null, null);

    internal static TlvNamespace Namespace { get; } = new("closing_tlvs",
        new TlvType(CloserOutputOnlyType, "closer_output_only", ChannelFieldCodecs.Signature),
        new TlvType(CloseeOutputOnlyType, "closee_output_only", ChannelFieldCodecs.Signature),
        new TlvType(CloserAndCloseeOutputsType, "closer_and_closee_outputs", ChannelFieldCodecs.Signature));

    public bool IsEmpty => CloserOutputOnly is null && CloseeOutputOnly is null && CloserAndCloseeOutputs is null;

    internal static ClosingSignatures Read(TlvStream tlvs) => new(
        Signature(tlvs, CloserOutputOnlyType),
        Signature(tlvs, CloseeOutputOnlyType),
        Signature(tlvs, CloserAndCloseeOutputsType));

    // Values have been checked by the namespace's validator, so each present one parses.
    private static EcdsaSignature? Signature(TlvStream tlvs, ulong type) =>
        tlvs.TryGetValue(type, out var value) && EcdsaSignature.TryParseCompact(value.Span, out var signature) ? signature : null;

    internal TlvStream AddTo(TlvStream tlvs)
    {
        if (CloserOutputOnly is not null)
            tlvs = tlvs.With(CloserOutputOnlyType, new ByteVector(CloserOutputOnly.ToCompact()));
        if (CloseeOutputOnly is not null)
            tlvs = tlvs.With(CloseeOutputOnlyType, new ByteVector(CloseeOutputOnly.ToCompact()));
        if (CloserAndCloseeOutputs is not null)
            tlvs = tlvs.With(CloserAndCloseeOutputsType, new ByteVector(CloserAndCloseeOutputs.ToCompact()));
        return tlvs;
    }
}

/// <summary>The fields <c>closing_complete</c> and <c>closing_sig</c> share, in spec order.</summary>
internal readonly record struct SimpleCloseFields(
    ChannelId ChannelId,
    ByteVector CloserScriptPubKey,
    ByteVector CloseeScriptPubKey,
    Satoshi FeeSatoshis,
    uint Locktime,
    ClosingSignatures Signatures,
    TlvStream UnknownTlvs)
{
    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u16", "closer_scriptpubkey_len"),
        new("closer_scriptpubkey_len*byte", "closer_scriptpubkey"),
        new("u16", "closee_scriptpubkey_len"),
        new("closee_scriptpubkey_len*byte", "closee_scriptpubkey"),
        new("u64", "fee_satoshis"),
        new("u32", "locktime"),
        new("closing_tlvs", "tlvs"),
    ];

    public static bool TryRead(ref WireReader reader, out SimpleCloseFields fields)
    {
        fields = default;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadScript(out var closerScript)
            || !reader.TryReadScript(out var closeeScript)
            || !reader.TryReadSatoshi(out var fee)
            || !reader.TryReadU32(out var locktime)
            || !TlvStream.TryRead(ref reader, ClosingSignatures.Namespace, out var tlvs))
            return false;
        fields = new SimpleCloseFields(channelId, closerScript, closeeScript, fee, locktime,
            ClosingSignatures.Read(tlvs), tlvs.UnknownTo(ClosingSignatures.Namespace));
        return true;
    }

    public void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(Signatures);
        writer.WriteChannelId(ChannelId);
        writer.WriteScript(CloserScriptPubKey);
        writer.WriteScript(CloseeScriptPubKey);
        writer.WriteSatoshi(FeeSatoshis);
        writer.WriteU32(Locktime);
        Signatures.AddTo(UnknownTlvs).Write(writer);
    }
}

/// <summary>
/// BOLT 2 <c>closing_complete</c> (<c>option_simple_close</c>): the closer proposes a closing transaction paying
/// <see cref="FeeSatoshis"/> from its own output and signs its variants.
/// </summary>
public sealed record ClosingCompleteMessage(
    ChannelId ChannelId,
    ByteVector CloserScriptPubKey,
    ByteVector CloseeScriptPubKey,
    Satoshi FeeSatoshis,
    uint Locktime,
    ClosingSignatures Signatures,
    TlvStream UnknownTlvs) : IWireMessage<ClosingCompleteMessage>
{
    public static MessageType MessageType => new(40);

    public static string Name => "closing_complete";

    public static IReadOnlyList<WireField> Fields => SimpleCloseFields.Fields;

    public static TlvNamespace Tlvs => ClosingSignatures.Namespace;

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ClosingCompleteMessage? message)
    {
        message = null;
        if (!SimpleCloseFields.TryRead(ref reader, out var f))
            return false;
        message = new ClosingCompleteMessage(f.ChannelId, f.CloserScriptPubKey, f.CloseeScriptPubKey, f.FeeSatoshis, f.Locktime, f.Signatures, f.UnknownTlvs);
        return true;
    }

    public void WritePayload(WireWriter writer) =>
        new SimpleCloseFields(ChannelId, CloserScriptPubKey, CloseeScriptPubKey, FeeSatoshis, Locktime, Signatures, UnknownTlvs).Write(writer);
}
