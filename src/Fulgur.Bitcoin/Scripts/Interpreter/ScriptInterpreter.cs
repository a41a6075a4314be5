using System.Security.Cryptography;

namespace Fulgur.Bitcoin.Scripts.Interpreter;

/// <summary>
/// Executes one script on a stack, following bitcoind's EvalScript (script/interpreter.cpp) for legacy and segwit v0
/// scripts: every enabled opcode, the 201-opcode, 520-byte push, 1000-element stack and 10,000-byte script limits,
/// and the policy flags. Tapscript is not implemented. Stack items are byte arrays, top of stack last.
/// </summary>
public static partial class ScriptInterpreter
{
    /// <summary>MAX_SCRIPT_ELEMENT_SIZE: no push or stack item may exceed 520 bytes.</summary>
    public const int MaxElementSize = 520;

    /// <summary>MAX_OPS_PER_SCRIPT: at most 201 non-push opcodes (CHECKMULTISIG also counts its keys).</summary>
    public const int MaxOpsPerScript = 201;

    /// <summary>MAX_STACK_SIZE: the main and alt stacks together hold at most 1000 items.</summary>
    public const int MaxStackSize = 1000;

    /// <summary>MAX_PUBKEYS_PER_MULTISIG.</summary>
    public const int MaxPubKeysPerMultisig = 20;

    private static readonly byte[] True = [1];
    private static readonly byte[] False = [];

    /// <summary>Runs <paramref name="script"/> on <paramref name="stack"/>; false with <paramref name="error"/> when it fails.</summary>
    public static bool EvalScript(
        List<byte[]> stack, Script script, ScriptVerifyFlags flags, ISignatureChecker checker, SigVersion sigVersion, out ScriptError error)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(checker);
        var bytes = script.Bytes;
        if (bytes.Length > Script.MaxSize)
            return Fail(ScriptError.ScriptSize, out error);

        var requireMinimal = (flags & ScriptVerifyFlags.MinimalData) != 0;
        var exec = new List<bool>();
        var falseCount = 0;
        var altStack = new List<byte[]>();
        var opCount = 0;
        var codeHashBegin = 0;
        var reader = new ScriptReader(bytes);

        while (!reader.IsAtEnd)
        {
            var executing = falseCount == 0;
            if (!reader.TryRead(out var opcode, out var push))
                return Fail(ScriptError.BadOpcode, out error);
            if (push.Length > MaxElementSize)
                return Fail(ScriptError.PushSize, out error);
            if (opcode > Opcode.Op16 && ++opCount > MaxOpsPerScript)
                return Fail(ScriptError.OpCount, out error);
            if (IsDisabled(opcode))
                return Fail(ScriptError.DisabledOpcode, out error); // even in an unexecuted branch
            if (opcode == Opcode.CodeSeparator && sigVersion == SigVersion.Base && (flags & ScriptVerifyFlags.ConstScriptCode) != 0)
                return Fail(ScriptError.OpCodeSeparator, out error);

            if (executing && opcode <= Opcode.PushData4)
            {
                if (requireMinimal && !new ScriptOp(opcode, push.ToArray()).IsMinimalPush)
                    return Fail(ScriptError.MinimalData, out error);
                stack.Add(push.ToArray());
            }
            else if (executing || (opcode >= Opcode.If && opcode <= Opcode.EndIf))
            {
                var step = Step(opcode, stack, altStack, exec, ref falseCount, executing, ref opCount, ref codeHashBegin,
                    reader.Position, bytes, flags, checker, sigVersion, requireMinimal);
                if (step != ScriptError.Ok)
                    return Fail(step, out error);
            }

            if (stack.Count + altStack.Count > MaxStackSize)
                return Fail(ScriptError.StackSize, out error);
        }

        if (exec.Count != 0)
            return Fail(ScriptError.UnbalancedConditional, out error);
        error = ScriptError.Ok;
        return true;
    }

    private static ScriptError Step(
        Opcode opcode, List<byte[]> stack, List<byte[]> altStack, List<bool> exec, ref int falseCount, bool executing,
        ref int opCount, ref int codeHashBegin, int position, ReadOnlySpan<byte> script, ScriptVerifyFlags flags,
        ISignatureChecker checker, SigVersion sigVersion, bool requireMinimal)
    {
        switch (opcode)
        {
            case Opcode.Op1Negate:
            case >= Opcode.Op1 and <= Opcode.Op16:
                stack.Add(ScriptNum.Encode(opcode == Opcode.Op1Negate ? -1 : opcode - Opcode.Op1 + 1));
                return ScriptError.Ok;

            case Opcode.Nop:
                return ScriptError.Ok;

            case Opcode.CheckLockTimeVerify:
            {
                if ((flags & ScriptVerifyFlags.CheckLockTimeVerify) == 0)
                    return ScriptError.Ok; // not enabled: a NOP2
                if (stack.Count < 1)
                    return ScriptError.InvalidStackOperation;
                // BIP65: the argument may be 5 bytes, since lock times reach 2^32 - 1.
                if (!ScriptNum.TryDecode(stack[^1], requireMinimal, 5, out var lockTime, out _))
                    return ScriptError.ScriptNum;
                if (lockTime < 0)
                    return ScriptError.NegativeLockTime;
                return checker.CheckLockTime(lockTime) ? ScriptError.Ok : ScriptError.UnsatisfiedLockTime;
            }

            case Opcode.CheckSequenceVerify:
            {
                if ((flags & ScriptVerifyFlags.CheckSequenceVerify) == 0)
                    return ScriptError.Ok; // not enabled: a NOP3
                if (stack.Count < 1)
                    return ScriptError.InvalidStackOperation;
                if (!ScriptNum.TryDecode(stack[^1], requireMinimal, 5, out var sequence, out _))
                    return ScriptError.ScriptNum;
                if (sequence < 0)
                    return ScriptError.NegativeLockTime;
                // BIP112: with the disable flag set in the argument, the opcode behaves as a NOP.
                if ((sequence & Transactions.TxIn.SequenceLockTimeDisableFlag) != 0)
                    return ScriptError.Ok;
                return checker.CheckSequence(sequence) ? ScriptError.Ok : ScriptError.UnsatisfiedLockTime;
            }

            case Opcode.Nop1:
            case >= Opcode.Nop4 and <= Opcode.Nop10:
                return (flags & ScriptVerifyFlags.DiscourageUpgradableNops) != 0 ? ScriptError.DiscourageUpgradableNops : ScriptError.Ok;

            case Opcode.If:
            case Opcode.NotIf:
            {
                var value = false;
                if (executing)
                {
                    if (stack.Count < 1)
                        return ScriptError.InvalidStackOperation;
                    var top = stack[^1];
                    if (sigVersion == SigVersion.WitnessV0 && (flags & ScriptVerifyFlags.MinimalIf) != 0)
                    {
                        if (top.Length > 1 || (top.Length == 1 && top[0] != 1))
                            return ScriptError.MinimalIf;
                    }
                    value = ScriptNum.IsTrue(top);
                    if (opcode == Opcode.NotIf)
                        value = !value;
                    stack.RemoveAt(stack.Count - 1);
                }
                exec.Add(value);
                if (!value)
                    falseCount++;
                return ScriptError.Ok;
            }

            case Opcode.Else:
                if (exec.Count == 0)
                    return ScriptError.UnbalancedConditional;
                falseCount += exec[^1] ? 1 : -1;
                exec[^1] = !exec[^1];
                return ScriptError.Ok;

            case Opcode.EndIf:
                if (exec.Count == 0)
                    return ScriptError.UnbalancedConditional;
                if (!exec[^1])
                    falseCount--;
                exec.RemoveAt(exec.Count - 1);
                return ScriptError.Ok;

            case Opcode.Verify:
                if (stack.Count < 1)
                    return ScriptError.InvalidStackOperation;
                if (!ScriptNum.IsTrue(stack[^1]))
                    return ScriptError.Verify;
                Pop(stack);
                return ScriptError.Ok;

            case Opcode.Return:
                return ScriptError.OpReturn;

            case Opcode.CodeSeparator:
                // Signatures commit to the script after the last executed OP_CODESEPARATOR.
                codeHashBegin = position;
                return ScriptError.Ok;

            case Opcode.CheckSig:
            case Opcode.CheckSigVerify:
                return CheckSig(opcode, stack, codeHashBegin, script, flags, checker, sigVersion);

            case Opcode.CheckMultiSig:
            case Opcode.CheckMultiSigVerify:
                return CheckMultiSig(opcode, stack, ref opCount, codeHashBegin, script, flags, checker, sigVersion, requireMinimal);

            default:
                return StackOrArithmetic(opcode, stack, altStack, requireMinimal);
        }
    }

    private static ScriptError StackOrArithmetic(Opcode opcode, List<byte[]> stack, List<byte[]> altStack, bool requireMinimal)
    {
        switch (opcode)
        {
            case Opcode.ToAltStack:
                if (stack.Count < 1)
                    return ScriptError.InvalidStackOperation;
                altStack.Add(Pop(stack));
                return ScriptError.Ok;
            case Opcode.FromAltStack:
                if (altStack.Count < 1)
                    return ScriptError.InvalidAltStackOperation;
                stack.Add(Pop(altStack));
                return ScriptError.Ok;
            case Opcode.TwoDrop:
                if (stack.Count < 2)
                    return ScriptError.InvalidStackOperation;
                stack.RemoveRange(stack.Count - 2, 2);
                return ScriptError.Ok;
            case Opcode.TwoDup:
                if (stack.Count < 2)
                    return ScriptError.InvalidStackOperation;
                stack.AddRange([stack[^2], stack[^1]]);
                return ScriptError.Ok;
            case Opcode.ThreeDup:
                if (stack.Count < 3)
                    return ScriptError.InvalidStackOperation;
                stack.AddRange([stack[^3], stack[^2], stack[^1]]);
                return ScriptError.Ok;
            case Opcode.TwoOver:
                if (stack.Count < 4)
                    return ScriptError.InvalidStackOperation;
                stack.AddRange([stack[^4], stack[^3]]);
                return ScriptError.Ok;
            case Opcode.TwoRot:
            {
                if (stack.Count < 6)
                    return ScriptError.InvalidStackOperation;
                var a = stack[^6];
                var b = stack[^5];
                stack.RemoveRange(stack.Count - 6, 2);
                stack.AddRange([a, b]);
                return ScriptError.Ok;
            }
            case Opcode.TwoSwap:
                if (stack.Count < 4)
                    return ScriptError.InvalidStackOperation;
                Swap(stack, 4, 2);
                Swap(stack, 3, 1);
                return ScriptError.Ok;
            case Opcode.IfDup:
                if (stack.Count < 1)
                    return ScriptError.InvalidStackOperation;
                if (ScriptNum.IsTrue(stack[^1]))
                    stack.Add(stack[^1]);
                return ScriptError.Ok;
            case Opcode.Depth:
                stack.Add(ScriptNum.Encode(stack.Count));
                return ScriptError.Ok;
            case Opcode.Drop:
                if (stack.Count < 1)
                    return ScriptError.InvalidStackOperation;
                Pop(stack);
                return ScriptError.Ok;
            case Opcode.Dup:
                if (stack.Count < 1)
                    return ScriptError.InvalidStackOperation;
                stack.Add(stack[^1]);
                return ScriptError.Ok;
            case Opcode.Nip:
                if (stack.Count < 2)
                    return ScriptError.InvalidStackOperation;
                stack.RemoveAt(stack.Count - 2);
                return ScriptError.Ok;
            case Opcode.Over:
                if (stack.Count < 2)
                    return ScriptError.InvalidStackOperation;
                stack.Add(stack[^2]);
                return ScriptError.Ok;
            case Opcode.Pick:
            case Opcode.Roll:
            {
                if (stack.Count < 2)
                    return ScriptError.InvalidStackOperation;
                if (!ScriptNum.TryDecode(stack[^1], requireMinimal, ScriptNum.DefaultMaxSize, out var n, out _))
                    return ScriptError.ScriptNum;
                Pop(stack);
                if (n < 0 || n >= stack.Count)
                    return ScriptError.InvalidStackOperation;
                var item = stack[stack.Count - 1 - (int)n];
                if (opcode == Opcode.Roll)
                    stack.RemoveAt(stack.Count - 1 - (int)n);
                stack.Add(item);
                return ScriptError.Ok;
            }
            case Opcode.Rot:
                if (stack.Count < 3)
                    return ScriptError.InvalidStackOperation;
                Swap(stack, 3, 2);
                Swap(stack, 2, 1);
                return ScriptError.Ok;
            case Opcode.Swap:
                if (stack.Count < 2)
                    return ScriptError.InvalidStackOperation;
                Swap(stack, 2, 1);
                return ScriptError.Ok;
            case Opcode.Tuck:
                if (stack.Count < 2)
                    return ScriptError.InvalidStackOperation;
                stack.Insert(stack.Count - 2, stack[^1]);
                return ScriptError.Ok;
            case Opcode.Size:
                if (stack.Count < 1)
                    return ScriptError.InvalidStackOperation;
                stack.Add(ScriptNum.Encode(stack[^1].Length));
                return ScriptError.Ok;
            case Opcode.Equal:
            case Opcode.EqualVerify:
            {
                if (stack.Count < 2)
                    return ScriptError.InvalidStackOperation;
                var equal = stack[^2].AsSpan().SequenceEqual(stack[^1]);
                stack.RemoveRange(stack.Count - 2, 2);
                stack.Add(equal ? True : False);
                if (opcode == Opcode.EqualVerify)
                {
                    if (!equal)
                        return ScriptError.EqualVerify;
                    Pop(stack);
                }
                return ScriptError.Ok;
            }
            case Opcode.OneAdd:
            case Opcode.OneSub:
            case Opcode.Negate:
            case Opcode.Abs:
            case Opcode.Not:
            case Opcode.ZeroNotEqual:
            {
                if (stack.Count < 1)
                    return ScriptError.InvalidStackOperation;
                if (!ScriptNum.TryDecode(stack[^1], requireMinimal, ScriptNum.DefaultMaxSize, out var n, out _))
                    return ScriptError.ScriptNum;
                n = opcode switch
                {
                    Opcode.OneAdd => n + 1,
                    Opcode.OneSub => n - 1,
                    Opcode.Negate => -n,
                    Opcode.Abs => Math.Abs(n),
                    Opcode.Not => n == 0 ? 1 : 0,
                    _ => n != 0 ? 1 : 0,
                };
                Pop(stack);
                stack.Add(ScriptNum.Encode(n));
                return ScriptError.Ok;
            }
            case Opcode.Add:
            case Opcode.Sub:
            case Opcode.BoolAnd:
            case Opcode.BoolOr:
            case Opcode.NumEqual:
            case Opcode.NumEqualVerify:
            case Opcode.NumNotEqual:
            case Opcode.LessThan:
            case Opcode.GreaterThan:
            case Opcode.LessThanOrEqual:
            case Opcode.GreaterThanOrEqual:
            case Opcode.Min:
            case Opcode.Max:
            {
                if (stack.Count < 2)
                    return ScriptError.InvalidStackOperation;
                if (!ScriptNum.TryDecode(stack[^2], requireMinimal, ScriptNum.DefaultMaxSize, out var a, out _)
                    || !ScriptNum.TryDecode(stack[^1], requireMinimal, ScriptNum.DefaultMaxSize, out var b, out _))
                    return ScriptError.ScriptNum;
                var result = opcode switch
                {
                    Opcode.Add => a + b,
                    Opcode.Sub => a - b,
                    Opcode.BoolAnd => a != 0 && b != 0 ? 1 : 0,
                    Opcode.BoolOr => a != 0 || b != 0 ? 1 : 0,
                    Opcode.NumEqual or Opcode.NumEqualVerify => a == b ? 1 : 0,
                    Opcode.NumNotEqual => a != b ? 1 : 0,
                    Opcode.LessThan => a < b ? 1 : 0,
                    Opcode.GreaterThan => a > b ? 1 : 0,
                    Opcode.LessThanOrEqual => a <= b ? 1 : 0,
                    Opcode.GreaterThanOrEqual => a >= b ? 1 : 0,
                    Opcode.Min => Math.Min(a, b),
                    _ => Math.Max(a, b),
                };
                stack.RemoveRange(stack.Count - 2, 2);
                stack.Add(ScriptNum.Encode(result));
                if (opcode == Opcode.NumEqualVerify)
                {
                    if (!ScriptNum.IsTrue(stack[^1]))
                        return ScriptError.NumEqualVerify;
                    Pop(stack);
                }
                return ScriptError.Ok;
            }
            case Opcode.Within:
            {
                if (stack.Count < 3)
                    return ScriptError.InvalidStackOperation;
                if (!ScriptNum.TryDecode(stack[^3], requireMinimal, ScriptNum.DefaultMaxSize, out var x, out _)
                    || !ScriptNum.TryDecode(stack[^2], requireMinimal, ScriptNum.DefaultMaxSize, out var min, out _)
                    || !ScriptNum.TryDecode(stack[^1], requireMinimal, ScriptNum.DefaultMaxSize, out var max, out _))
                    return ScriptError.ScriptNum;
                stack.RemoveRange(stack.Count - 3, 3);
                stack.Add(min <= x && x < max ? True : False);
                return ScriptError.Ok;
            }
            case Opcode.Ripemd160:
            case Opcode.Sha1:
            case Opcode.Sha256:
            case Opcode.Hash160:
            case Opcode.Hash256:
            {
                if (stack.Count < 1)
                    return ScriptError.InvalidStackOperation;
                var data = Pop(stack);
                stack.Add(opcode switch
                {
                    Opcode.Ripemd160 => Crypto.Ripemd160.Hash(data),
#pragma warning disable CA5350 // OP_SHA1 is a consensus opcode; nothing here relies on SHA-1 for security.
                    Opcode.Sha1 => SHA1.HashData(data),
#pragma warning restore CA5350
                    Opcode.Sha256 => Crypto.Sha256.Hash(data),
                    Opcode.Hash160 => Crypto.Hash160.Hash(data),
                    _ => Crypto.Sha256.DoubleHash(data),
                });
                return ScriptError.Ok;
            }
            default:
                // OP_VER, OP_VERIF, OP_VERNOTIF, OP_RESERVED*, undefined bytes and OP_CHECKSIGADD outside tapscript.
                return ScriptError.BadOpcode;
        }
    }

    /// <summary>The opcodes disabled in 2010 (CVE-2010-5137/5141); their presence fails a script even unexecuted.</summary>
    private static bool IsDisabled(Opcode opcode) => opcode is Opcode.Cat or Opcode.Substr or Opcode.Left or Opcode.Right
        or Opcode.Invert or Opcode.And or Opcode.Or or Opcode.Xor or Opcode.TwoMul or Opcode.TwoDiv or Opcode.Mul
        or Opcode.Div or Opcode.Mod or Opcode.LShift or Opcode.RShift;

    private static byte[] Pop(List<byte[]> stack)
    {
        var top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return top;
    }

    /// <summary>Swaps the items at depths <paramref name="a"/> and <paramref name="b"/> (1 = top).</summary>
    private static void Swap(List<byte[]> stack, int a, int b) =>
        (stack[^a], stack[^b]) = (stack[^b], stack[^a]);

    private static bool Fail(ScriptError code, out ScriptError error)
    {
        error = code;
        return false;
    }
}
