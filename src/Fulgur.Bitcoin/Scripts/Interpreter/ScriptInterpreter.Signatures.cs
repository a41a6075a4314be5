using Fulgur.Bitcoin.Sighash;

namespace Fulgur.Bitcoin.Scripts.Interpreter;

/// <summary>OP_CHECKSIG and OP_CHECKMULTISIG, with bitcoind's encoding checks and legacy FindAndDelete.</summary>
public static partial class ScriptInterpreter
{
    private static ScriptError CheckSig(
        Opcode opcode, List<byte[]> stack, int codeHashBegin, ReadOnlySpan<byte> script, ScriptVerifyFlags flags,
        ISignatureChecker checker, SigVersion sigVersion)
    {
        if (stack.Count < 2)
            return ScriptError.InvalidStackOperation;
        var signature = stack[^2];
        var publicKey = stack[^1];

        var scriptCode = script[codeHashBegin..].ToArray();
        if (sigVersion == SigVersion.Base)
        {
            // Legacy signatures cannot sign themselves: the signature push is removed from the scriptCode.
            var found = FindAndDelete(ref scriptCode, new ScriptBuilder().PushRaw(signature).ToScript().Bytes);
            if (found > 0 && (flags & ScriptVerifyFlags.ConstScriptCode) != 0)
                return ScriptError.SigFindAndDelete;
        }
        var encoding = CheckSignatureEncoding(signature, flags);
        if (encoding == ScriptError.Ok)
            encoding = CheckPublicKeyEncoding(publicKey, flags, sigVersion);
        if (encoding != ScriptError.Ok)
            return encoding;

        var success = checker.CheckEcdsaSignature(signature, publicKey, Script.Wrap(scriptCode), sigVersion);
        // BIP146 NULLFAIL: "if the signature is not empty and the check fails, the script fails".
        if (!success && (flags & ScriptVerifyFlags.NullFail) != 0 && signature.Length > 0)
            return ScriptError.SigNullFail;

        stack.RemoveRange(stack.Count - 2, 2);
        stack.Add(success ? True : False);
        if (opcode == Opcode.CheckSigVerify)
        {
            if (!success)
                return ScriptError.CheckSigVerify;
            Pop(stack);
        }
        return ScriptError.Ok;
    }

    /// <summary>
    /// OP_CHECKMULTISIG over the stack <c>dummy sig1 … sigM M key1 … keyN N</c> (N on top). Signatures must match keys
    /// in order; the dummy element (an off-by-one in the original client) must be empty under NULLDUMMY.
    /// </summary>
    private static ScriptError CheckMultiSig(
        Opcode opcode, List<byte[]> stack, ref int opCount, int codeHashBegin, ReadOnlySpan<byte> script,
        ScriptVerifyFlags flags, ISignatureChecker checker, SigVersion sigVersion, bool requireMinimal)
    {
        var i = 1;
        if (stack.Count < i)
            return ScriptError.InvalidStackOperation;
        if (!ScriptNum.TryDecode(stack[^i], requireMinimal, ScriptNum.DefaultMaxSize, out var keysCount64, out _))
            return ScriptError.ScriptNum;
        if (keysCount64 < 0 || keysCount64 > MaxPubKeysPerMultisig)
            return ScriptError.PubKeyCount;
        var keysCount = (int)keysCount64;
        opCount += keysCount;
        if (opCount > MaxOpsPerScript)
            return ScriptError.OpCount;
        var keyIndex = ++i;
        // ikey2 counts the keys still to pop, so NULLFAIL looks only at signatures.
        var keysToPop = keysCount + 2;
        i += keysCount;
        if (stack.Count < i)
            return ScriptError.InvalidStackOperation;

        if (!ScriptNum.TryDecode(stack[^i], requireMinimal, ScriptNum.DefaultMaxSize, out var sigsCount64, out _))
            return ScriptError.ScriptNum;
        if (sigsCount64 < 0 || sigsCount64 > keysCount)
            return ScriptError.SigCount;
        var sigsCount = (int)sigsCount64;
        var sigIndex = ++i;
        i += sigsCount;
        if (stack.Count < i)
            return ScriptError.InvalidStackOperation;

        var scriptCode = script[codeHashBegin..].ToArray();
        for (var k = 0; k < sigsCount; k++)
        {
            if (sigVersion != SigVersion.Base)
                break;
            var found = FindAndDelete(ref scriptCode, new ScriptBuilder().PushRaw(stack[^(sigIndex + k)]).ToScript().Bytes);
            if (found > 0 && (flags & ScriptVerifyFlags.ConstScriptCode) != 0)
                return ScriptError.SigFindAndDelete;
        }
        var code = Script.Wrap(scriptCode);

        var success = true;
        while (success && sigsCount > 0)
        {
            var signature = stack[^sigIndex];
            var publicKey = stack[^keyIndex];
            // Encoding is checked only for the signatures and keys actually compared, as in bitcoind.
            var encoding = CheckSignatureEncoding(signature, flags);
            if (encoding == ScriptError.Ok)
                encoding = CheckPublicKeyEncoding(publicKey, flags, sigVersion);
            if (encoding != ScriptError.Ok)
                return encoding;
            if (checker.CheckEcdsaSignature(signature, publicKey, code, sigVersion))
            {
                sigIndex++;
                sigsCount--;
            }
            keyIndex++;
            keysCount--;
            // More signatures left than keys: the rest cannot match.
            if (sigsCount > keysCount)
                success = false;
        }

        // Pop every argument; under NULLFAIL any non-empty signature of a failed check is an error.
        while (i-- > 1)
        {
            if (!success && (flags & ScriptVerifyFlags.NullFail) != 0 && keysToPop == 0 && stack[^1].Length > 0)
                return ScriptError.SigNullFail;
            if (keysToPop > 0)
                keysToPop--;
            Pop(stack);
        }
        // The dummy element.
        if (stack.Count < 1)
            return ScriptError.InvalidStackOperation;
        // BIP147: "the dummy element MUST be an empty byte array".
        if ((flags & ScriptVerifyFlags.NullDummy) != 0 && stack[^1].Length > 0)
            return ScriptError.SigNullDummy;
        Pop(stack);
        stack.Add(success ? True : False);
        if (opcode == Opcode.CheckMultiSigVerify)
        {
            if (!success)
                return ScriptError.CheckMultiSigVerify;
            Pop(stack);
        }
        return ScriptError.Ok;
    }

    /// <summary>
    /// bitcoind's CheckSignatureEncoding: an empty signature is allowed (it simply fails); otherwise strict DER under
    /// DERSIG/LOW_S/STRICTENC, low S under LOW_S, a defined hash type under STRICTENC.
    /// </summary>
    public static ScriptError CheckSignatureEncoding(ReadOnlySpan<byte> signature, ScriptVerifyFlags flags)
    {
        if (signature.IsEmpty)
            return ScriptError.Ok;
        if ((flags & (ScriptVerifyFlags.DerSig | ScriptVerifyFlags.LowS | ScriptVerifyFlags.StrictEnc)) != 0
            && !SignatureEncoding.IsStrictDer(signature))
            return ScriptError.SigDer;
        if ((flags & ScriptVerifyFlags.LowS) != 0
            && (!SignatureEncoding.TryParseLaxDer(signature[..^1], out var parsed) || parsed is null || !parsed.IsLowS))
            return ScriptError.SigHighS;
        if ((flags & ScriptVerifyFlags.StrictEnc) != 0 && !new SigHashType(signature[^1]).IsDefined)
            return ScriptError.SigHashType;
        return ScriptError.Ok;
    }

    /// <summary>bitcoind's CheckPubKeyEncoding: SEC encodings under STRICTENC, compressed only in segwit v0 under WITNESS_PUBKEYTYPE.</summary>
    public static ScriptError CheckPublicKeyEncoding(ReadOnlySpan<byte> publicKey, ScriptVerifyFlags flags, SigVersion sigVersion)
    {
        if ((flags & ScriptVerifyFlags.StrictEnc) != 0 && !SignatureEncoding.IsCompressedOrUncompressed(publicKey))
            return ScriptError.PubKeyType;
        if ((flags & ScriptVerifyFlags.WitnessPubKeyType) != 0 && sigVersion == SigVersion.WitnessV0
            && !SignatureEncoding.IsCompressed(publicKey))
            return ScriptError.WitnessPubKeyType;
        return ScriptError.Ok;
    }

    /// <summary>
    /// bitcoind's FindAndDelete: removes every occurrence of <paramref name="pattern"/> that starts at an opcode
    /// boundary (repeated occurrences back to back included). Returns how many were removed.
    /// </summary>
    internal static int FindAndDelete(ref byte[] script, ReadOnlySpan<byte> pattern)
    {
        if (pattern.IsEmpty)
            return 0;
        var found = 0;
        var result = new List<byte>(script.Length);
        int pc = 0, copiedUpTo = 0;
        while (true)
        {
            result.AddRange(script.AsSpan(copiedUpTo, pc - copiedUpTo));
            while (script.Length - pc >= pattern.Length && script.AsSpan(pc, pattern.Length).SequenceEqual(pattern))
            {
                pc += pattern.Length;
                found++;
            }
            copiedUpTo = pc;
            if (pc >= script.Length)
                break;
            var reader = new ScriptReader(script.AsSpan(pc));
            if (!reader.TryRead(out _, out _))
                break;
            pc += reader.Position;
        }
        if (found > 0)
        {
            result.AddRange(script.AsSpan(copiedUpTo));
            script = [.. result];
        }
        return found;
    }
}
