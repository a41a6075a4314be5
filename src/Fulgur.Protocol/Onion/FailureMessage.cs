using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// A BOLT 4 <c>failuremsg</c>: BOLT #4: "a 2-byte type `failure_code` followed by data applicable to that type. The
/// message data is followed by an optional [TLV stream](01-messaging.md#type-length-value-format)." One sealed record
/// per code (see NodeFailures.cs, ChannelFailures.cs, BadOnionFailures.cs); unknown codes decode to
/// <see cref="UnknownFailure"/> so the origin can still act on their flags.
/// </summary>
public abstract record FailureMessage
{
    private delegate FailureMessage? DataReader(ref WireReader reader);

    /// <summary>Each known code and how to read its data, in the spec's order.</summary>
    private static readonly Dictionary<ushort, DataReader> Readers = new()
    {
        [FailureCode.InvalidRealm.Value] = static (ref _) => new InvalidRealm(),
        [FailureCode.TemporaryNodeFailure.Value] = static (ref _) => new TemporaryNodeFailure(),
        [FailureCode.PermanentNodeFailure.Value] = static (ref _) => new PermanentNodeFailure(),
        [FailureCode.RequiredNodeFeatureMissing.Value] = static (ref _) => new RequiredNodeFeatureMissing(),
        [FailureCode.InvalidOnionVersion.Value] = static (ref r) => r.TryReadBytes32(out var h) ? new InvalidOnionVersion(h) : null,
        [FailureCode.InvalidOnionHmac.Value] = static (ref r) => r.TryReadBytes32(out var h) ? new InvalidOnionHmac(h) : null,
        [FailureCode.InvalidOnionKey.Value] = static (ref r) => r.TryReadBytes32(out var h) ? new InvalidOnionKey(h) : null,
        [FailureCode.TemporaryChannelFailure.Value] = static (ref r) =>
            r.TryReadU16Prefixed(out var u) ? new TemporaryChannelFailure(u) : null,
        [FailureCode.PermanentChannelFailure.Value] = static (ref _) => new PermanentChannelFailure(),
        [FailureCode.RequiredChannelFeatureMissing.Value] = static (ref _) => new RequiredChannelFeatureMissing(),
        [FailureCode.UnknownNextPeer.Value] = static (ref _) => new UnknownNextPeer(),
        [FailureCode.AmountBelowMinimum.Value] = static (ref r) =>
            r.TryReadMilliSatoshi(out var a) && r.TryReadU16Prefixed(out var u) ? new AmountBelowMinimum(a, u) : null,
        [FailureCode.FeeInsufficient.Value] = static (ref r) =>
            r.TryReadMilliSatoshi(out var a) && r.TryReadU16Prefixed(out var u) ? new FeeInsufficient(a, u) : null,
        [FailureCode.IncorrectCltvExpiry.Value] = static (ref r) =>
            r.TryReadCltvExpiry(out var e) && r.TryReadU16Prefixed(out var u) ? new IncorrectCltvExpiry(e, u) : null,
        [FailureCode.ExpiryTooSoon.Value] = static (ref r) => r.TryReadU16Prefixed(out var u) ? new ExpiryTooSoon(u) : null,
        [FailureCode.IncorrectOrUnknownPaymentDetails.Value] = static (ref r) =>
            r.TryReadMilliSatoshi(out var a) && r.TryReadBlockHeight(out var h) ? new IncorrectOrUnknownPaymentDetails(a, h) : null,
        [FailureCode.IncorrectPaymentAmount.Value] = static (ref _) => new IncorrectPaymentAmount(),
        [FailureCode.FinalExpiryTooSoon.Value] = static (ref _) => new FinalExpiryTooSoon(),
        [FailureCode.FinalIncorrectCltvExpiry.Value] = static (ref r) => r.TryReadCltvExpiry(out var e) ? new FinalIncorrectCltvExpiry(e) : null,
        [FailureCode.FinalIncorrectHtlcAmount.Value] = static (ref r) =>
            r.TryReadMilliSatoshi(out var a) ? new FinalIncorrectHtlcAmount(a) : null,
        [FailureCode.ChannelDisabled.Value] = static (ref r) =>
            r.TryReadU16(out var f) && r.TryReadU16Prefixed(out var u) ? new ChannelDisabled(f, u) : null,
        [FailureCode.ExpiryTooFar.Value] = static (ref _) => new ExpiryTooFar(),
        [FailureCode.InvalidOnionPayload.Value] = static (ref r) =>
            r.TryReadBigSize(out var t) && r.TryReadU16(out var o) ? new InvalidOnionPayload(t, o) : null,
        [FailureCode.MppTimeout.Value] = static (ref _) => new MppTimeout(),
        [FailureCode.InvalidOnionBlinding.Value] = static (ref r) => r.TryReadBytes32(out var h) ? new InvalidOnionBlinding(h) : null,
    };

    public abstract FailureCode Code { get; }

    /// <summary>"WIRE_FEE_INSUFFICIENT" and so on.</summary>
    public string Name => FailureCode.Name(Code);

    /// <summary>
    /// The bytes after the code's data, kept as sent: BOLT 4's optional TLV stream. The origin "MUST ignore any extra
    /// bytes in `failuremsg`", so they are not validated here.
    /// </summary>
    public ByteVector Extension { get; init; }

    /// <summary>The raw <c>channel_update</c> an UPDATE failure carried (empty when it sent <c>len</c> = 0).</summary>
    public virtual bool TryGetChannelUpdate(out ByteVector channelUpdate)
    {
        channelUpdate = ByteVector.Empty;
        return false;
    }

    /// <summary>The code's data fields in spec order; nothing by default.</summary>
    private protected virtual void WriteData(WireWriter writer)
    {
    }

    public void Write(WireWriter writer)
    {
        writer.WriteU16(Code.Value);
        WriteData(writer);
        writer.WriteBytes(Extension.Span);
    }

    public byte[] ToArray() => WireWriter.ToArray(Write);

    /// <summary>
    /// Decodes a <c>failuremsg</c>. A known code with missing or bad data is an error (its code is still readable with
    /// <see cref="TryReadCode"/>); an unknown code decodes to <see cref="UnknownFailure"/>.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out FailureMessage? message, out WireError error)
    {
        message = null;
        var reader = new WireReader(bytes);
        if (!reader.TryReadU16(out var raw))
        {
            error = new WireError(WireErrorKind.Truncated, "failuremsg is shorter than its 2-byte failure_code");
            return false;
        }
        if (!Readers.TryGetValue(raw, out var read))
        {
            message = new UnknownFailure(new FailureCode(raw), new ByteVector(reader.ReadRemaining()));
            error = WireError.None;
            return true;
        }
        var decoded = read(ref reader);
        if (decoded is null)
        {
            error = new WireError(reader.Error.Kind, $"{FailureCode.Name(new FailureCode(raw))}: {reader.Error.Detail}");
            return false;
        }
        message = reader.IsAtEnd ? decoded : decoded with { Extension = new ByteVector(reader.ReadRemaining()) };
        error = WireError.None;
        return true;
    }

    /// <summary>Just the <c>failure_code</c>, for a message whose data did not decode.</summary>
    public static bool TryReadCode(ReadOnlySpan<byte> bytes, out FailureCode code)
    {
        code = default;
        if (bytes.Length < 2)
            return false;
        code = new FailureCode(BinaryPrimitives.ReadUInt16BigEndian(bytes));
        return true;
    }

    /// <summary>The failure answering a packet this node could not peel. Needs the onion that failed for the
    /// BADONION codes' <c>sha256_of_onion</c>.</summary>
    public static FailureMessage ForOnionError(OnionError error, ReadOnlySpan<byte> onion) => error switch
    {
        OnionError.InvalidVersion => new InvalidOnionVersion(Sha256OfOnion(onion)),
        OnionError.InvalidKey => new InvalidOnionKey(Sha256OfOnion(onion)),
        OnionError.InvalidHmac or OnionError.PacketTooShort => new InvalidOnionHmac(Sha256OfOnion(onion)),
        // BOLT #4: "If the failure can be narrowed down to a specific tlv type in the payload, the erring node may
        // include that `type` and its byte `offset`"; a bad frame length is not one, so both are zero.
        OnionError.MalformedPayload => new InvalidOnionPayload(0, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "no failure for success"),
    };

    private static Bytes32 Sha256OfOnion(ReadOnlySpan<byte> onion) => Bytes32.FromSpan(Fulgur.Crypto.Sha256.Hash(onion));

    public override string ToString() => Name;
}

/// <summary>A code this implementation does not know; its flags still tell the origin what to do.</summary>
public sealed record UnknownFailure(FailureCode UnknownCode, ByteVector Data) : FailureMessage
{
    public override FailureCode Code => UnknownCode;

    private protected override void WriteData(WireWriter writer) => writer.WriteBytes(Data.Span);
}
