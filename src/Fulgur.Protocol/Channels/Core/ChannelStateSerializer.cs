using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>
/// A compact binary form of the persisted channel phases (after funding), so the node stores a channel in one row:
/// a version byte, a phase tag, then the fields in a fixed order. Pending update messages are kept in their wire form.
/// Version 2 appends the channel's <c>announce_channel</c> flag to the commitments; version 1 records (written before
/// private channels existed) still load, as announced channels.
/// </summary>
public static class ChannelStateSerializer
{
    public const byte Version = 2;

    /// <summary>The version before <see cref="ChannelParams.Announce"/> was stored; still readable.</summary>
    public const byte VersionWithoutAnnounce = 1;

    private enum Tag : byte
    {
        AwaitingChannelReady = 1,
        Normal = 2,
        ShuttingDown = 3,
        Negotiating = 4,
        Closed = 5,
    }

    public static byte[] Serialize(ChannelState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return WireWriter.ToArray(w =>
        {
            w.WriteU8(Version);
            switch (state)
            {
                case AwaitingChannelReady s:
                    w.WriteU8((byte)Tag.AwaitingChannelReady);
                    WriteCommitments(w, s.Commitments);
                    w.WriteU8(s.ReadySent ? (byte)1 : (byte)0);
                    break;
                case Normal s:
                    w.WriteU8((byte)Tag.Normal);
                    WriteCommitments(w, s.Commitments);
                    break;
                case ShuttingDown s:
                    w.WriteU8((byte)Tag.ShuttingDown);
                    WriteCommitments(w, s.Commitments);
                    WriteOptionalBytes(w, s.LocalScript);
                    WriteOptionalBytes(w, s.RemoteScript);
                    break;
                case Negotiating s:
                    w.WriteU8((byte)Tag.Negotiating);
                    WriteCommitments(w, s.Commitments);
                    w.WriteU16Prefixed(s.LocalScript.Span);
                    w.WriteU16Prefixed(s.RemoteScript.Span);
                    WriteOptionalSatoshi(w, s.LastSentFee);
                    WriteOptionalSatoshi(w, s.LastReceivedFee);
                    break;
                case Closed s:
                    w.WriteU8((byte)Tag.Closed);
                    w.WriteU8(s.Commitments is null ? (byte)0 : (byte)1);
                    if (s.Commitments is not null)
                        WriteCommitments(w, s.Commitments);
                    w.WriteU16Prefixed(Encoding.UTF8.GetBytes(s.Reason));
                    WriteOptionalBytes(w, s.ClosingTransaction is null ? null : new ByteVector(s.ClosingTransaction.ToBytes()));
                    break;
                default:
                    throw new ArgumentException($"{state.GetType().Name} is not persisted", nameof(state));
            }
        });
    }

    /// <summary>Reads a serialized state; false (never an exception) on unknown versions or malformed bytes.</summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out ChannelState? state)
    {
        state = null;
        var r = new WireReader(bytes);
        if (!r.TryReadU8(out var version) || version is not (Version or VersionWithoutAnnounce) || !r.TryReadU8(out var tag))
            return false;
        var hasAnnounce = version == Version;
        switch ((Tag)tag)
        {
            case Tag.AwaitingChannelReady:
                if (!TryReadCommitments(ref r, hasAnnounce, out var c1) || !r.TryReadU8(out var ready) || ready > 1)
                    return false;
                state = new AwaitingChannelReady(c1, ready == 1);
                break;
            case Tag.Normal:
                if (!TryReadCommitments(ref r, hasAnnounce, out var c2))
                    return false;
                state = new Normal(c2);
                break;
            case Tag.ShuttingDown:
                if (!TryReadCommitments(ref r, hasAnnounce, out var c3) || !TryReadOptionalBytes(ref r, out var ls) || !TryReadOptionalBytes(ref r, out var rs))
                    return false;
                state = new ShuttingDown(c3, ls, rs);
                break;
            case Tag.Negotiating:
                if (!TryReadCommitments(ref r, hasAnnounce, out var c4) || !r.TryReadU16Prefixed(out var l) || !r.TryReadU16Prefixed(out var rr)
                    || !TryReadOptionalSatoshi(ref r, out var sent) || !TryReadOptionalSatoshi(ref r, out var received))
                    return false;
                state = new Negotiating(c4, l, rr, sent, received);
                break;
            case Tag.Closed:
                if (!r.TryReadU8(out var has) || has > 1)
                    return false;
                Commitments? c5 = null;
                if (has == 1 && !TryReadCommitments(ref r, hasAnnounce, out c5))
                    return false;
                if (!r.TryReadU16Prefixed(out var reason) || !TryReadOptionalBytes(ref r, out var txBytes))
                    return false;
                Transaction? tx = null;
                if (txBytes is { } t && !Transaction.TryParse(t.Span, out tx, out _))
                    return false;
                state = new Closed(c5, Encoding.UTF8.GetString(reason.Span), tx);
                break;
            default:
                return false;
        }
        if (!r.IsAtEnd)
        {
            state = null;
            return false;
        }
        return true;
    }

    /// <summary><see cref="TryDeserialize"/> for bytes we wrote ourselves; throws <see cref="FormatException"/> otherwise.</summary>
    public static ChannelState Deserialize(ReadOnlySpan<byte> bytes) =>
        TryDeserialize(bytes, out var state) ? state : throw new FormatException("malformed channel state");

    private static void WriteCommitments(WireWriter w, Commitments c)
    {
        var p = c.Params;
        w.WriteChannelId(p.ChannelId);
        w.WriteU8(p.LocalIsFunder ? (byte)1 : (byte)0);
        w.WriteBytes(p.FundingOutPoint.TxId.ToBytes());
        w.WriteU32(p.FundingOutPoint.Index);
        w.WriteSatoshi(p.FundingAmount);
        WriteLimits(w, p.LocalLimits);
        WriteLimits(w, p.RemoteLimits);
        WriteBasepoints(w, p.LocalBasepoints);
        WriteBasepoints(w, p.RemoteBasepoints);
        w.WriteU8((byte)p.Format);
        w.WriteMilliSatoshi(c.LocalBalance);
        w.WriteMilliSatoshi(c.RemoteBalance);
        w.WriteU64((ulong)c.Feerate.SatPerKw);
        w.WriteU16((ushort)c.Htlcs.Count);
        foreach (var h in c.Htlcs)
        {
            w.WriteU8(h.Offered ? (byte)1 : (byte)0);
            w.WriteU64(h.Id);
            w.WriteMilliSatoshi(h.Amount);
            w.WritePaymentHash(h.PaymentHash);
            w.WriteCltvExpiry(h.CltvExpiry);
            w.WriteU16Prefixed(h.Onion.Span);
            w.WriteU8((byte)h.State);
            w.WriteU16Prefixed(h.Removal is null ? [] : MessageRegistry.Encode(h.Removal));
        }
        w.WriteU16((ushort)c.FeeUpdates.Count);
        foreach (var f in c.FeeUpdates)
        {
            w.WriteU64((ulong)f.Feerate.SatPerKw);
            w.WriteU8((byte)f.State);
        }
        w.WriteU64(c.LocalNextHtlcId);
        w.WriteU64(c.RemoteNextHtlcId);
        w.WriteU64(c.LocalCommitNumber.Value);
        w.WriteSignature(c.LocalCommitSignature);
        w.WriteU16((ushort)c.LocalHtlcSignatures.Count);
        foreach (var s in c.LocalHtlcSignatures)
            w.WriteSignature(s);
        w.WriteU64(c.RemoteCommitNumber.Value);
        w.WritePoint(c.RemoteCommitPoint);
        w.WriteU8(c.RemoteNextPoint is null ? (byte)0 : (byte)1);
        if (c.RemoteNextPoint is not null)
            w.WritePoint(c.RemoteNextPoint);
        w.WriteU8(c.AwaitingRevocation ? (byte)1 : (byte)0);
        w.WriteU16Prefixed(c.RemoteSecrets.AsSpan());
        WriteMessages(w, c.UnsignedSent);
        WriteMessages(w, c.LastCommitBatch);
        w.WriteU8(c.RevokeAfterCommit ? (byte)1 : (byte)0);
        w.WriteU8(p.Announce ? (byte)1 : (byte)0);
    }

    private static bool TryReadCommitments(ref WireReader r, bool hasAnnounce, [NotNullWhen(true)] out Commitments? c)
    {
        c = null;
        if (!r.TryReadChannelId(out var channelId) || !TryReadBool(ref r, out var funder) || !r.TryReadBytes(32, out var txid)
            || !r.TryReadU32(out var index) || !r.TryReadSatoshi(out var funding)
            || !TryReadLimits(ref r, out var localLimits) || !TryReadLimits(ref r, out var remoteLimits)
            || !TryReadBasepoints(ref r, out var localBp) || !TryReadBasepoints(ref r, out var remoteBp)
            || !r.TryReadU8(out var format) || format > (byte)CommitmentFormat.AnchorOutputs
            || !r.TryReadMilliSatoshi(out var localBalance) || !r.TryReadMilliSatoshi(out var remoteBalance)
            || !r.TryReadU64(out var feerate) || feerate > uint.MaxValue || !r.TryReadU16(out var htlcCount))
            return false;
        var outPoint = new OutPoint(TxId.FromBytes(txid), index);
        var htlcs = ImmutableList.CreateBuilder<Htlc>();
        for (var i = 0; i < htlcCount; i++)
        {
            if (!TryReadBool(ref r, out var offered) || !r.TryReadU64(out var id) || !r.TryReadMilliSatoshi(out var amount)
                || !r.TryReadPaymentHash(out var hash) || !r.TryReadCltvExpiry(out var expiry) || !r.TryReadU16Prefixed(out var onion)
                || !TryReadState(ref r, out var state) || !r.TryReadU16Prefixed(out var removalBytes))
                return false;
            IWireMessage? removal = null;
            if (!removalBytes.IsEmpty && !MessageRegistry.Default.TryDecode(removalBytes.Span, out removal, out _))
                return false;
            htlcs.Add(new Htlc(offered, id, amount, hash, expiry, onion, state, removal));
        }
        if (!r.TryReadU16(out var feeCount))
            return false;
        var fees = ImmutableList.CreateBuilder<FeeUpdate>();
        for (var i = 0; i < feeCount; i++)
        {
            if (!r.TryReadU64(out var rate) || rate > uint.MaxValue || !TryReadState(ref r, out var state))
                return false;
            fees.Add(new FeeUpdate(new FeeRate((long)rate), state));
        }
        if (!r.TryReadU64(out var localNextId) || !r.TryReadU64(out var remoteNextId) || !r.TryReadU64(out var localNumber)
            || localNumber > CommitmentNumber.MaxValue || !r.TryReadSignature(out var localSig) || !r.TryReadU16(out var sigCount))
            return false;
        var sigs = ImmutableList.CreateBuilder<EcdsaSignature>();
        for (var i = 0; i < sigCount; i++)
        {
            if (!r.TryReadSignature(out var s))
                return false;
            sigs.Add(s);
        }
        if (!r.TryReadU64(out var remoteNumber) || remoteNumber > CommitmentNumber.MaxValue || !r.TryReadPoint(out var remotePoint)
            || !TryReadBool(ref r, out var hasNext))
            return false;
        PublicKey? nextPoint = null;
        if (hasNext && !r.TryReadPoint(out nextPoint))
            return false;
        if (!TryReadBool(ref r, out var awaiting) || !r.TryReadU16Prefixed(out var secrets) || !ShaChain.TryRead(secrets.Span, out _)
            || !TryReadMessages(ref r, out var unsigned) || !TryReadMessages(ref r, out var batch) || !TryReadBool(ref r, out var revokeAfter))
            return false;
        // A record from before the flag was stored is an announced channel: every channel was announced then.
        var announce = true;
        if (hasAnnounce && !TryReadBool(ref r, out announce))
            return false;
        var p = new ChannelParams(
            channelId, funder, outPoint, funding, localLimits, remoteLimits, localBp, remoteBp, (CommitmentFormat)format, announce);
        c = new Commitments(
            p, localBalance, remoteBalance, new FeeRate((long)feerate), htlcs.ToImmutable(), fees.ToImmutable(), localNextId, remoteNextId,
            new CommitmentNumber(localNumber), localSig, sigs.ToImmutable(), new CommitmentNumber(remoteNumber), remotePoint, nextPoint, awaiting,
            [.. secrets.Span], unsigned, batch, revokeAfter);
        return true;
    }

    private static void WriteLimits(WireWriter w, ChannelLimits l)
    {
        w.WriteSatoshi(l.DustLimit);
        w.WriteU64(l.MaxHtlcValueInFlight.RawMsat);
        w.WriteSatoshi(l.ChannelReserve);
        w.WriteMilliSatoshi(l.HtlcMinimum);
        w.WriteU16(l.ToSelfDelay.Blocks);
        w.WriteU16(l.MaxAcceptedHtlcs);
    }

    private static bool TryReadLimits(ref WireReader r, [NotNullWhen(true)] out ChannelLimits? l)
    {
        l = null;
        if (!r.TryReadSatoshi(out var dust) || !r.TryReadU64(out var inFlight) || !r.TryReadSatoshi(out var reserve)
            || !r.TryReadMilliSatoshi(out var min) || !r.TryReadU16(out var delay) || !r.TryReadU16(out var max))
            return false;
        l = new ChannelLimits(dust, new MaxHtlcValueInFlight(inFlight), reserve, min, new ToSelfDelay(delay), max);
        return true;
    }

    private static void WriteBasepoints(WireWriter w, ChannelBasepoints b)
    {
        w.WritePoint(b.FundingPubkey);
        w.WritePoint(b.RevocationBasepoint);
        w.WritePoint(b.PaymentBasepoint);
        w.WritePoint(b.DelayedPaymentBasepoint);
        w.WritePoint(b.HtlcBasepoint);
    }

    private static bool TryReadBasepoints(ref WireReader r, [NotNullWhen(true)] out ChannelBasepoints? b)
    {
        b = null;
        if (!r.TryReadPoint(out var f) || !r.TryReadPoint(out var rev) || !r.TryReadPoint(out var pay) || !r.TryReadPoint(out var del)
            || !r.TryReadPoint(out var htlc))
            return false;
        b = new ChannelBasepoints(f, rev, pay, del, htlc);
        return true;
    }

    private static void WriteMessages(WireWriter w, ImmutableList<IWireMessage> messages)
    {
        w.WriteU16((ushort)messages.Count);
        foreach (var m in messages)
            w.WriteU16Prefixed(MessageRegistry.Encode(m));
    }

    private static bool TryReadMessages(ref WireReader r, out ImmutableList<IWireMessage> messages)
    {
        messages = [];
        if (!r.TryReadU16(out var count))
            return false;
        var list = ImmutableList.CreateBuilder<IWireMessage>();
        for (var i = 0; i < count; i++)
        {
            if (!r.TryReadU16Prefixed(out var bytes) || !MessageRegistry.Default.TryDecode(bytes.Span, out var m, out _))
                return false;
            list.Add(m);
        }
        messages = list.ToImmutable();
        return true;
    }

    private static bool TryReadState(ref WireReader r, out HtlcState state)
    {
        state = default;
        if (!r.TryReadU8(out var b) || b > (byte)HtlcState.SentRemoveAckRevocation)
            return false;
        state = (HtlcState)b;
        return true;
    }

    private static bool TryReadBool(ref WireReader r, out bool value)
    {
        value = false;
        if (!r.TryReadU8(out var b) || b > 1)
            return false;
        value = b == 1;
        return true;
    }

    private static void WriteOptionalBytes(WireWriter w, ByteVector? bytes)
    {
        w.WriteU8(bytes is null ? (byte)0 : (byte)1);
        if (bytes is { } b)
            w.WriteU16Prefixed(b.Span);
    }

    private static bool TryReadOptionalBytes(ref WireReader r, out ByteVector? bytes)
    {
        bytes = null;
        if (!TryReadBool(ref r, out var has))
            return false;
        if (!has)
            return true;
        if (!r.TryReadU16Prefixed(out var b))
            return false;
        bytes = b;
        return true;
    }

    private static void WriteOptionalSatoshi(WireWriter w, Satoshi? value)
    {
        w.WriteU8(value is null ? (byte)0 : (byte)1);
        if (value is { } v)
            w.WriteSatoshi(v);
    }

    private static bool TryReadOptionalSatoshi(ref WireReader r, out Satoshi? value)
    {
        value = null;
        if (!TryReadBool(ref r, out var has))
            return false;
        if (!has)
            return true;
        if (!r.TryReadSatoshi(out var v))
            return false;
        value = v;
        return true;
    }
}
