using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.Protocol.Channels;

/// <summary>Builds the second-stage HTLC transactions of a commitment (BOLT #3 "HTLC-Timeout and HTLC-Success Transactions").</summary>
public static class HtlcTransactions
{
    /// <summary>BOLT #3: "version: 2".</summary>
    public const uint Version = 2;

    /// <summary>One HTLC transaction per untrimmed HTLC output, in commitment output order (the order of <c>htlc_signatures</c>).</summary>
    public static IReadOnlyList<HtlcTransaction> Build(CommitmentTransaction commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        return [.. commitment.HtlcOutputs.Select(o => Build(commitment, o.OutputIndex))];
    }

    /// <summary>The HTLC transaction spending HTLC output <paramref name="outputIndex"/> of <paramref name="commitment"/>.</summary>
    public static HtlcTransaction Build(CommitmentTransaction commitment, int outputIndex)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var output = commitment.Outputs[outputIndex];
        if (!output.IsHtlc || output.Htlc is not { } htlc || output.WitnessScript is not { } htlcScript)
            throw new ArgumentException($"output {outputIndex} is not an HTLC output", nameof(outputIndex));

        var format = commitment.Parameters.Format;
        var feerate = commitment.Spec.Feerate;
        var keys = commitment.Keys;
        var kind = htlc.Direction == HtlcDirection.Offered ? HtlcTransactionKind.Timeout : HtlcTransactionKind.Success;
        var fee = Bolt3Fees.HtlcTransactionFee(htlc.Direction, feerate, format);

        // BOLT #3: "`txin[0]` sequence: `0` (set to `1` for `option_anchors`)"
        var sequence = format == CommitmentFormat.AnchorOutputs ? 1u : 0u;
        var input = new TxIn(new OutPoint(commitment.Transaction.TxId, (uint)outputIndex), sequence);
        // BOLT #3: "`txout[0]` amount: the HTLC `amount_msat` divided by 1000 (rounding down) minus fees in satoshis"
        var outputScript = Bolt3Scripts.ToLocal(keys.RevocationKey, commitment.Parameters.ToSelfDelay, keys.LocalDelayedKey);
        var txOut = new TxOut(htlc.Amount.TruncateToSatoshi() - fee, StandardScripts.P2Wsh(outputScript));
        // BOLT #3: "locktime: `0` for HTLC-success, `cltv_expiry` for HTLC-timeout"
        var locktime = kind == HtlcTransactionKind.Timeout ? htlc.CltvExpiry.Value : 0u;
        var transaction = new Transaction(Version, [input], [txOut], locktime);
        return new HtlcTransaction(kind, transaction, outputIndex, htlc, htlcScript, output.TxOut.Value, outputScript, format);
    }
}
