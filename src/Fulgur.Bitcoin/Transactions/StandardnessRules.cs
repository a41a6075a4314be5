using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;

namespace Fulgur.Bitcoin.Transactions;

/// <summary>
/// The relay policy limits that bitcoind's IsStandardTx applies (policy/policy.cpp), with its defaults before v30:
/// one OP_RETURN output of at most 83 bytes, no dust outputs.
/// </summary>
public sealed record StandardnessPolicy
{
    public static readonly StandardnessPolicy Default = new();

    /// <summary>TX_MAX_STANDARD_VERSION: versions 1 to 3 relay.</summary>
    public uint MaxVersion { get; init; } = 3;

    /// <summary>MAX_STANDARD_TX_WEIGHT.</summary>
    public long MaxWeight { get; init; } = 400_000;

    /// <summary>MAX_STANDARD_SCRIPTSIG_SIZE: room for a 15-of-15 P2SH multisig spend.</summary>
    public int MaxScriptSigSize { get; init; } = 1650;

    /// <summary>-datacarriersize: the whole OP_RETURN scriptPubKey, at most 83 bytes by default.</summary>
    public int MaxDataCarrierBytes { get; init; } = 83;

    /// <summary>-permitbaremultisig.</summary>
    public bool PermitBareMultisig { get; init; } = true;

    /// <summary>-dustrelayfee in sat/kvB.</summary>
    public long DustRelaySatPerKvB { get; init; } = DustThreshold.DefaultDustRelaySatPerKvB;
}

/// <summary>bitcoind's IsStandardTx; the reasons are its reject strings.</summary>
public static class StandardnessRules
{
    public static bool TryCheck(Transaction transaction, StandardnessPolicy policy, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(policy);
        reason = null;
        if (transaction.Version < 1 || transaction.Version > policy.MaxVersion)
            reason = "version";
        else if (transaction.Weight > policy.MaxWeight)
            reason = "tx-size";
        else if (transaction.Inputs.Any(i => i.ScriptSig.Length > policy.MaxScriptSigSize))
            reason = "scriptsig-size";
        else if (transaction.Inputs.Any(i => !i.ScriptSig.IsPushOnly()))
            reason = "scriptsig-not-pushonly";
        if (reason is not null)
            return false;

        var dataOutputs = 0;
        foreach (var output in transaction.Outputs)
        {
            var type = OutputTypes.Classify(output.ScriptPubKey);
            switch (type)
            {
                case OutputType.NonStandard:
                case OutputType.NullData when output.ScriptPubKey.Length > policy.MaxDataCarrierBytes:
                case OutputType.Multisig when !IsStandardMultisig(output.ScriptPubKey):
                    reason = "scriptpubkey";
                    return false;
                case OutputType.Multisig when !policy.PermitBareMultisig:
                    reason = "bare-multisig";
                    return false;
                case OutputType.NullData:
                    dataOutputs++;
                    break;
            }
            if (DustThreshold.IsDust(output, policy.DustRelaySatPerKvB))
            {
                reason = "dust";
                return false;
            }
        }
        if (dataOutputs > 1)
        {
            reason = "multi-op-return";
            return false;
        }
        return true;
    }

    /// <summary>bitcoind's IsStandard for bare multisig: at most 3 keys.</summary>
    private static bool IsStandardMultisig(Script script) => OutputTypes.TryGetMultisig(script, out _, out var keys) && keys <= 3;
}
