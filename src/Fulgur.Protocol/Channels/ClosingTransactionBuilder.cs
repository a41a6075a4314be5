using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Channels;

/// <summary>Why a closing transaction could not be built from the proposed amounts.</summary>
public enum ClosingError
{
    None = 0,

    /// <summary>The fee is negative or larger than the balance of the side that pays it.</summary>
    FeeExceedsBalance,

    /// <summary>Every output would be removed: there would be nothing to sign.</summary>
    NoOutputs,
}

/// <summary>An unsigned closing transaction and where each side's output ended up (-1 when it has none).</summary>
public sealed record ClosingTransaction(Transaction Transaction, int LocalOutputIndex, int RemoteOutputIndex);

/// <summary>Builds mutual-close transactions: BOLT #3 "Legacy Closing Transaction" and "Closing Transaction".</summary>
public static class ClosingTransactionBuilder
{
    /// <summary>BOLT #3: "version: 2".</summary>
    public const uint Version = 2;

    /// <summary>BOLT #3 (legacy): "`txin[0]` sequence: 0xFFFFFFFF".</summary>
    public const uint LegacySequence = 0xFFFF_FFFF;

    /// <summary>BOLT #3 (option_simple_close): "`txin[0]` sequence: 0xFFFFFFFD".</summary>
    public const uint Sequence = 0xFFFF_FFFD;

    /// <summary>
    /// The <c>closing_signed</c> variant: "locktime: 0", the fee paid by the funder, and "MUST remove any output below its
    /// own `dust_limit_satoshis`".
    /// </summary>
    public static bool TryBuildLegacy(
        OutPoint fundingOutPoint, MilliSatoshi localBalance, MilliSatoshi remoteBalance, Script localScript, Script remoteScript,
        bool localIsFunder, Satoshi fee, Satoshi dustLimit, [NotNullWhen(true)] out ClosingTransaction? closing, out ClosingError error)
    {
        ArgumentNullException.ThrowIfNull(localScript);
        ArgumentNullException.ThrowIfNull(remoteScript);
        closing = null;
        var feeMsat = MilliSatoshi.FromSatoshi(fee);
        var funderBalance = localIsFunder ? localBalance : remoteBalance;
        if (fee < Satoshi.Zero || localBalance < MilliSatoshi.Zero || remoteBalance < MilliSatoshi.Zero || feeMsat > funderBalance)
        {
            error = ClosingError.FeeExceedsBalance;
            return false;
        }
        // BOLT #3: "MUST subtract the fee given by `fee_satoshis` from the output to the funder."
        if (localIsFunder)
            localBalance -= feeMsat;
        else
            remoteBalance -= feeMsat;
        // BOLT #3: "MUST round each output down to whole satoshis."
        var local = localBalance.TruncateToSatoshi();
        var remote = remoteBalance.TruncateToSatoshi();
        // BOLT #3: "MUST remove any output below its own `dust_limit_satoshis`."
        var localOutput = local >= dustLimit ? new TxOut(local, localScript) : null;
        var remoteOutput = remote >= dustLimit ? new TxOut(remote, remoteScript) : null;
        return Finish(fundingOutPoint, LegacySequence, 0, localOutput, remoteOutput, out closing, out error);
    }

    /// <summary>
    /// The <c>option_simple_close</c> variant for <c>closing_complete</c>/<c>closing_sig</c>: "the node sending
    /// `closing_complete` ("the closer") pays the fees". A null script leaves that side's output out (the side with
    /// lesser funds may omit its own output); an <c>OP_RETURN</c> script gets amount 0.
    /// </summary>
    public static bool TryBuild(
        OutPoint fundingOutPoint, MilliSatoshi closerBalance, MilliSatoshi closeeBalance, Script? closerScript, Script? closeeScript,
        Satoshi fee, uint locktime, bool localIsCloser, [NotNullWhen(true)] out ClosingTransaction? closing, out ClosingError error)
    {
        closing = null;
        var feeMsat = MilliSatoshi.FromSatoshi(fee);
        if (fee < Satoshi.Zero || closerBalance < MilliSatoshi.Zero || closeeBalance < MilliSatoshi.Zero || feeMsat > closerBalance)
        {
            error = ClosingError.FeeExceedsBalance;
            return false;
        }
        // BOLT #3: "MUST subtract the fee given by `fee_satoshis` from the closer output."
        var closerOutput = Output(closerScript, (closerBalance - feeMsat).TruncateToSatoshi());
        var closeeOutput = Output(closeeScript, closeeBalance.TruncateToSatoshi());
        // BOLT #3: "locktime: `locktime` from the `closing_complete` message"
        return localIsCloser
            ? Finish(fundingOutPoint, Sequence, locktime, closerOutput, closeeOutput, out closing, out error)
            : Finish(fundingOutPoint, Sequence, locktime, closeeOutput, closerOutput, out closing, out error);
    }

    private static TxOut? Output(Script? script, Satoshi amount) =>
        script is null ? null
            // BOLT #3: "0 if the `scriptpubkey` starts with `OP_RETURN`"
            : !script.IsEmpty && script.Bytes[0] == (byte)Opcode.Return ? new TxOut(Satoshi.Zero, script)
            : new TxOut(amount, script);

    private static bool Finish(
        OutPoint fundingOutPoint, uint sequence, uint locktime, TxOut? localOutput, TxOut? remoteOutput,
        [NotNullWhen(true)] out ClosingTransaction? closing, out ClosingError error)
    {
        closing = null;
        var outputs = new List<(TxOut Output, bool Local)>();
        if (localOutput is not null)
            outputs.Add((localOutput, true));
        if (remoteOutput is not null)
            outputs.Add((remoteOutput, false));
        if (outputs.Count == 0)
        {
            error = ClosingError.NoOutputs;
            return false;
        }
        // BOLT #3: the outputs are ordered as detailed in "Transaction Output Ordering".
        var sorted = TransactionOutputOrdering.Sort(outputs, o => o.Output, _ => null);
        var transaction = new Transaction(Version, [new TxIn(fundingOutPoint, sequence)], sorted.Select(o => o.Output), locktime);
        closing = new ClosingTransaction(transaction, sorted.FindIndex(o => o.Local), sorted.FindIndex(o => !o.Local));
        error = ClosingError.None;
        return true;
    }
}
