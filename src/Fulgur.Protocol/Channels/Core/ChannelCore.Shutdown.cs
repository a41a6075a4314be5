using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>The peer sent <c>shutdown</c> first: answer with ours (<see cref="ChannelCore.Shutdown"/>).</summary>
public sealed record ShutdownRequested(ByteVector RemoteScript) : ChannelEvent;

public sealed partial class ChannelCore
{
    /// <summary>Starts (or answers) a mutual close, paying our balance to <paramref name="script"/>.</summary>
    public ChannelStep Shutdown(ChannelState state, ByteVector script)
    {
        if (!IsValidShutdownScript(script.Span))
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "invalid shutdown script");
        var (c, remote) = state switch
        {
            Normal n => (n.Commitments, (ByteVector?)null),
            ShuttingDown { LocalScript: null } s => (s.Commitments, s.RemoteScript),
            _ => (null, null),
        };
        if (c is null)
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "cannot shut down now");
        // BOLT #2: "if there are updates pending on the receiving node's commitment transaction:"
        if (!c.UnsignedSent.IsEmpty || c.HasChangesForRemote)
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "sign pending updates before shutdown");
        var msg = new ShutdownMessage(c.Params.ChannelId, script);
        return ShutdownProgress(ChannelStep.Changed(new ShuttingDown(c, script, remote), [msg]));
    }

    /// <summary>
    /// BOLT 2 <c>scriptpubkey</c> forms: P2WPKH, P2WSH and, as we always offer <c>option_shutdown_anysegwit</c>, any
    /// segwit v1+ program. (<c>OP_RETURN</c> outputs need <c>option_simple_close</c>, which this core does not run.)
    /// </summary>
    public static bool IsValidShutdownScript(ReadOnlySpan<byte> s) =>
        // BOLT #2: "`OP_0` `20` 20-bytes (version 0 pay to witness pubkey hash), OR"
        (s.Length == 22 && s[0] == 0 && s[1] == 20)
        // BOLT #2: "`OP_0` `32` 32-bytes (version 0 pay to witness script hash), OR"
        || (s.Length == 34 && s[0] == 0 && s[1] == 32)
        // BOLT #2: "`OP_1` through `OP_16` inclusive, followed by a single push of 2 to 40 bytes"
        || (s.Length >= 4 && s.Length <= 42 && s[0] >= 0x51 && s[0] <= 0x60 && s[1] >= 2 && s[1] <= 40 && s[1] == s.Length - 2);

    private ChannelStep OnShutdown(ChannelState state, ShutdownMessage m)
    {
        // BOLT #2: "if the `scriptpubkey` is not in one of the above forms:"
        if (!IsValidShutdownScript(m.ScriptPubKey.Span))
            return ChannelStep.Refuse(state, ChannelErrorKind.WarnAndDisconnect, "invalid shutdown scriptpubkey");
        switch (state)
        {
            case Normal n:
                return ChannelStep.Changed(new ShuttingDown(n.Commitments, null, m.ScriptPubKey), events: [new ShutdownRequested(m.ScriptPubKey)]);
            case ShuttingDown { RemoteScript: null } s:
                return ShutdownProgress(ChannelStep.Changed(s with { RemoteScript = m.ScriptPubKey }));
            default:
                return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "repeated shutdown");
        }
    }

    /// <summary>Once both sides sent <c>shutdown</c> and no HTLC or update is left, fee negotiation starts.</summary>
    private ChannelStep ShutdownProgress(ChannelStep step)
    {
        if (step.Failure is not null || step.NextState is not ShuttingDown { LocalScript: { } local, RemoteScript: { } remote } s)
            return step;
        var c = s.Commitments;
        if (!c.Htlcs.IsEmpty || c.HasPendingChanges || !c.UnsignedSent.IsEmpty)
            return step;
        var neg = new Negotiating(c, local, remote, null, null);
        step = step with { NextState = neg, PersistRecord = neg };
        // BOLT #2: the funder sends the first closing_signed.
        return c.Params.LocalIsFunder ? ProposeClosingFee(neg, step) : step;
    }

    private bool TryBuildClosing(Negotiating s, Satoshi fee, out ClosingTransaction? closing)
    {
        var c = s.Commitments;
        var spec = c.SpecFor(local: true);
        // Both sides must build the same transaction: trim below the larger of the two dust limits.
        var dust = c.Params.LocalLimits.DustLimit > c.Params.RemoteLimits.DustLimit ? c.Params.LocalLimits.DustLimit : c.Params.RemoteLimits.DustLimit;
        return ClosingTransactionBuilder.TryBuildLegacy(
            c.Params.FundingOutPoint, spec.ToLocal, spec.ToRemote, Script.FromBytes(s.LocalScript.Span), Script.FromBytes(s.RemoteScript.Span),
            c.Params.LocalIsFunder, fee, dust, out closing, out _);
    }

    /// <summary>Our fee for the closing transaction: its expected weight at the commitment feerate.</summary>
    private Satoshi ClosingFee(Negotiating s)
    {
        if (!TryBuildClosing(s, Satoshi.Zero, out var zero))
            return Satoshi.Zero;
        return s.Commitments.Feerate.FeeForWeight(Bolt3Fees.ExpectedFundingSpendWeight(zero!.Transaction));
    }

    private ChannelStep ProposeClosingFee(Negotiating s, ChannelStep step)
    {
        var fee = ClosingFee(s);
        if (!TryBuildClosing(s, fee, out var closing))
            return step;
        var c = s.Commitments;
        var sig = _signer.SignClosing(closing!.Transaction, c.Params.CommitmentParameters.Local.FundingScript, c.Params.FundingAmount);
        // BOLT #2: "SHOULD set `fee_range` according to the minimum and maximum fees it is prepared to pay for a close transaction."
        var range = new ClosingFeeRange(new Satoshi(fee.Value / 2), new Satoshi(fee.Value * 2));
        var msg = new ClosingSignedMessage(c.Params.ChannelId, fee, sig, range);
        var next = s with { LastSentFee = fee };
        return step with { NextState = next, PersistRecord = next, Outbound = [.. step.Outbound, msg] };
    }

    private static Satoshi Max(Satoshi a, Satoshi b) => a >= b ? a : b;

    private static Satoshi Min(Satoshi a, Satoshi b) => a <= b ? a : b;

    private ChannelStep OnClosingSigned(Negotiating s, ClosingSignedMessage m)
    {
        var c = s.Commitments;
        if (m.FeeSatoshis > c.Params.FundingAmount || !TryBuildClosing(s, m.FeeSatoshis, out var closing))
            return Fail(s, $"closing_signed fee {m.FeeSatoshis} cannot be paid");
        var fundingScript = c.Params.CommitmentParameters.Local.FundingScript;
        // BOLT #2: "if the `signature` is not valid for either variant of closing transaction specified in [BOLT #3](03-transactions.md#closing-transaction)"
        if (!Bolt3Signatures.VerifyFundingSpend(closing!.Transaction, fundingScript, c.Params.FundingAmount, c.Params.RemoteBasepoints.FundingPubkey, m.Signature))
            return Fail(s, "closing_signed: invalid signature");
        var ours = ClosingFee(s);
        var ourMin = new Satoshi(ours.Value / 2);
        var ourMax = new Satoshi(ours.Value * 2);
        var agreed = m.FeeSatoshis == s.LastSentFee || (m.FeeSatoshis >= ourMin && m.FeeSatoshis <= ourMax);
        if (!agreed)
        {
            // BOLT #2: "if there is no overlap between that and its own `fee_range`:"
            if (m.FeeRange is not { } r || Max(r.MinFeeSatoshis, ourMin) > Min(r.MaxFeeSatoshis, ourMax))
                return Fail(s, $"closing_signed fee {m.FeeSatoshis} and range do not overlap ours");
            // BOLT #2: "MUST propose a `fee_satoshis` in the overlap between received and (about-to-be) sent `fee_range`."
            var counter = Min(Max(ours, Max(r.MinFeeSatoshis, ourMin)), Min(r.MaxFeeSatoshis, ourMax));
            if (!TryBuildClosing(s, counter, out var counterTx))
                return Fail(s, "cannot build our counter-proposal");
            var counterSig = _signer.SignClosing(counterTx!.Transaction, fundingScript, c.Params.FundingAmount);
            var next = s with { LastSentFee = counter, LastReceivedFee = m.FeeSatoshis };
            var proposal = new ClosingSignedMessage(c.Params.ChannelId, counter, counterSig, new ClosingFeeRange(ourMin, ourMax));
            return ChannelStep.Changed(next, [proposal]);
        }
        var ourSig = _signer.SignClosing(closing.Transaction, fundingScript, c.Params.FundingAmount);
        var signed = Bolt3Signatures.WithFundingWitness(
            closing.Transaction, c.Params.LocalBasepoints.FundingPubkey, ourSig, c.Params.RemoteBasepoints.FundingPubkey, m.Signature);
        var closed = new Closed(c, "mutual close", signed);
        IReadOnlyList<IWireMessage> outbound = m.FeeSatoshis == s.LastSentFee ? [] : [new ClosingSignedMessage(c.Params.ChannelId, m.FeeSatoshis, ourSig)];
        return new ChannelStep(closed, closed, outbound, [new ClosingTransactionReady(signed)], null);
    }
}
