using System.Diagnostics.CodeAnalysis;

namespace Fulgur.Bitcoin.Transactions;

/// <summary>
/// bitcoind's context-free CheckTransaction (consensus/tx_check.cpp): the rules a transaction must meet before its
/// inputs are even looked up. Error strings are bitcoind's reject reasons.
/// </summary>
public static class TransactionChecks
{
    public static bool TryCheck(Transaction transaction, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        error = null;
        if (transaction.Inputs.IsEmpty)
            error = "bad-txns-vin-empty";
        else if (transaction.Outputs.IsEmpty)
            error = "bad-txns-vout-empty";
        else if ((long)transaction.BaseSize * Transaction.WitnessScaleFactor > Transaction.MaxBlockWeight)
            error = "bad-txns-oversize";
        if (error is not null)
            return false;

        var total = 0L;
        foreach (var output in transaction.Outputs)
        {
            if (output.Value.Value < 0)
                error = "bad-txns-vout-negative";
            else if (output.Value > Satoshi.MaxMoney)
                error = "bad-txns-vout-toolarge";
            else if ((total += output.Value.Value) > Satoshi.MaxMoney.Value)
                error = "bad-txns-txouttotal-toolarge";
            if (error is not null)
                return false;
        }

        var seen = new HashSet<OutPoint>();
        foreach (var input in transaction.Inputs)
        {
            if (!seen.Add(input.PrevOut))
            {
                error = "bad-txns-inputs-duplicate";
                return false;
            }
        }

        if (transaction.IsCoinbase)
        {
            var length = transaction.Inputs[0].ScriptSig.Length;
            if (length < 2 || length > 100)
            {
                error = "bad-cb-length";
                return false;
            }
        }
        else if (transaction.Inputs.Any(i => i.PrevOut.IsNull))
        {
            error = "bad-txns-prevout-null";
            return false;
        }
        return true;
    }
}
