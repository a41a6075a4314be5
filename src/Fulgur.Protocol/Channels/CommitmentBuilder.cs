using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Channels;

/// <summary>Why <see cref="CommitmentBuilder.TryBuild"/> refused a state.</summary>
public enum CommitmentError
{
    None = 0,

    /// <summary>A balance or an HTLC amount is negative.</summary>
    NegativeAmount,

    /// <summary>The balances and HTLCs do not add up to the funding amount.</summary>
    AmountsDoNotMatchFunding,

    /// <summary>With <c>option_anchors</c>, the funder's balance cannot pay for the anchor outputs.</summary>
    FunderCannotPayAnchors,
}

/// <summary>Builds commitment transactions (BOLT #3 "Commitment Transaction Construction").</summary>
public static class CommitmentBuilder
{
    /// <summary>BOLT #3: "version: 2".</summary>
    public const uint Version = 2;

    /// <summary>
    /// Builds the unsigned commitment transaction number <paramref name="number"/> of the owner described by
    /// <paramref name="parameters"/>, with the keys derived for it and what it commits to. The channel reserve is not
    /// checked here; a funder that cannot pay the base fee simply gets no output (see
    /// <see cref="CommitmentTransaction.FunderShortfall"/>). Fails only for states no valid channel can reach.
    /// </summary>
    public static bool TryBuild(
        CommitmentParameters parameters, CommitmentKeys keys, CommitmentNumber number, CommitmentSpec spec,
        [NotNullWhen(true)] out CommitmentTransaction? commitment, out CommitmentError error)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(spec);
        commitment = null;
        if (spec.ToLocal < MilliSatoshi.Zero || spec.ToRemote < MilliSatoshi.Zero || spec.Htlcs.Any(h => h.Amount < MilliSatoshi.Zero))
        {
            error = CommitmentError.NegativeAmount;
            return false;
        }
        if (spec.Total != MilliSatoshi.FromSatoshi(parameters.FundingAmount))
        {
            error = CommitmentError.AmountsDoNotMatchFunding;
            return false;
        }

        var format = parameters.Format;
        var dustLimit = parameters.LocalDustLimit;

        // BOLT #3: "Calculate which committed HTLCs need to be trimmed"
        var untrimmed = new List<CommitmentHtlc>();
        var trimmed = new List<CommitmentHtlc>();
        foreach (var htlc in spec.Htlcs)
            (Bolt3Fees.IsTrimmed(htlc, spec.Feerate, dustLimit, format) ? trimmed : untrimmed).Add(htlc);

        // BOLT #3, construction step 2: the base commitment transaction fee.
        var baseFee = Bolt3Fees.CommitmentFee(spec.Feerate, untrimmed.Count, format);

        // BOLT #3: "Subtract this base fee from the funder (either `to_local` or `to_remote`). If `option_anchors` applies
        // to the commitment transaction, also subtract two times the fixed anchor size of 330 sats from the funder"
        var funderCharge = MilliSatoshi.FromSatoshi(
            format == CommitmentFormat.AnchorOutputs ? baseFee + Bolt3Fees.AnchorAmount * 2 : baseFee);
        var toLocal = spec.ToLocal;
        var toRemote = spec.ToRemote;
        var funderBalance = parameters.LocalIsFunder ? toLocal : toRemote;
        var shortfall = MilliSatoshi.Max(MilliSatoshi.Zero, funderCharge - funderBalance);
        if (parameters.LocalIsFunder)
            toLocal = MilliSatoshi.Max(MilliSatoshi.Zero, toLocal - funderCharge);
        else
            toRemote = MilliSatoshi.Max(MilliSatoshi.Zero, toRemote - funderCharge);

        var outputs = new List<CommitmentOutput>();
        foreach (var htlc in untrimmed)
        {
            // BOLT #3: "For every offered HTLC, if it is not trimmed, add an"
            // BOLT #3: "For every received HTLC, if it is not trimmed, add an"
            var script = htlc.Direction == HtlcDirection.Offered
                ? Bolt3Scripts.OfferedHtlc(keys.RevocationKey, keys.LocalHtlcKey, keys.RemoteHtlcKey, htlc.PaymentHash, format)
                : Bolt3Scripts.ReceivedHtlc(
                    keys.RevocationKey, keys.LocalHtlcKey, keys.RemoteHtlcKey, htlc.PaymentHash, htlc.CltvExpiry, format);
            var kind = htlc.Direction == HtlcDirection.Offered ? CommitmentOutputKind.OfferedHtlc : CommitmentOutputKind.ReceivedHtlc;
            var txOut = new TxOut(htlc.Amount.TruncateToSatoshi(), StandardScripts.P2Wsh(script));
            outputs.Add(new CommitmentOutput(kind, txOut, script, htlc));
        }

        // BOLT #3: "If the `to_local` amount is greater or equal to `dust_limit_satoshis`,"
        var toLocalSat = toLocal.TruncateToSatoshi();
        var hasToLocal = toLocalSat >= dustLimit;
        if (hasToLocal)
        {
            var script = Bolt3Scripts.ToLocal(keys.RevocationKey, parameters.ToSelfDelay, keys.LocalDelayedKey);
            var txOut = new TxOut(toLocalSat, StandardScripts.P2Wsh(script));
            outputs.Add(new CommitmentOutput(CommitmentOutputKind.ToLocal, txOut, script, null));
        }

        // BOLT #3: "If the `to_remote` amount is greater or equal to `dust_limit_satoshis`,"
        var toRemoteSat = toRemote.TruncateToSatoshi();
        var hasToRemote = toRemoteSat >= dustLimit;
        if (hasToRemote)
        {
            Script? script = format == CommitmentFormat.AnchorOutputs ? Bolt3Scripts.ToRemoteAnchored(keys.RemotePaymentKey) : null;
            var scriptPubKey = Bolt3Scripts.ToRemoteOutput(keys.RemotePaymentKey, format);
            outputs.Add(new CommitmentOutput(CommitmentOutputKind.ToRemote, new TxOut(toRemoteSat, scriptPubKey), script, null));
        }

        if (format == CommitmentFormat.AnchorOutputs)
        {
            // BOLT #3: "if `to_local` exists or there are untrimmed HTLCs, add a"
            if (hasToLocal || untrimmed.Count > 0)
                outputs.Add(Anchor(CommitmentOutputKind.LocalAnchor, parameters.LocalFundingPubkey));
            // BOLT #3: "if `to_remote` exists or there are untrimmed HTLCs, add a"
            if (hasToRemote || untrimmed.Count > 0)
                outputs.Add(Anchor(CommitmentOutputKind.RemoteAnchor, parameters.RemoteFundingPubkey));
        }

        // BOLT #3, construction step 9: sort the outputs into BIP 69+CLTV order.
        var sorted = TransactionOutputOrdering.Sort(outputs, o => o.TxOut, o => o.Htlc?.CltvExpiry);

        // BOLT #3: "`txin[0]` sequence: upper 8 bits are 0x80, lower 24 bits are upper 24 bits of the obscured commitment number"
        var input = new TxIn(parameters.FundingOutPoint, parameters.Obscurer.Sequence(number));
        // BOLT #3: "locktime: upper 8 bits are 0x20, lower 24 bits are the lower 24 bits of the obscured commitment number"
        var transaction = new Transaction(Version, [input], sorted.Select(o => o.TxOut), parameters.Obscurer.Locktime(number));
        if (transaction.TotalOutput > parameters.FundingAmount)
        {
            // Only a funder unable to pay for the anchors gets here: the outputs would spend more than the funding output.
            error = CommitmentError.FunderCannotPayAnchors;
            return false;
        }
        commitment = new CommitmentTransaction(transaction, sorted, trimmed, baseFee, shortfall, number, spec, parameters, keys);
        error = CommitmentError.None;
        return true;
    }

    /// <summary><see cref="TryBuild"/> for states known to be valid; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static CommitmentTransaction Build(
        CommitmentParameters parameters, CommitmentKeys keys, CommitmentNumber number, CommitmentSpec spec) =>
        TryBuild(parameters, keys, number, spec, out var commitment, out var error)
            ? commitment
            : throw new ArgumentException($"cannot build commitment {number}: {error}", nameof(spec));

    private static CommitmentOutput Anchor(CommitmentOutputKind kind, PublicKey fundingPubkey)
    {
        var script = Bolt3Scripts.Anchor(fundingPubkey);
        return new CommitmentOutput(kind, new TxOut(Bolt3Fees.AnchorAmount, StandardScripts.P2Wsh(script)), script, null);
    }
}
