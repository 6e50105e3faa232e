/**
 * 隐私告知: what the app keeps about a villager, why, who sees what, how long, and how to have
 * it corrected or removed — in plain words, with the version the registration consent records.
 */
import { Text, View } from '@tarojs/components';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { PRIVACY_NOTICE_DATE, PRIVACY_NOTICE_VERSION } from './privacy.notice';
import './privacy.scss';

function Points({ items }: { readonly items: readonly string[] }) {
  return (
    <View className="pv-points">
      {items.map((item) => (
        <View key={item} className="pv-point">
          <Text className="t-body pv-point__dot">·</Text>
          <Text className="t-body">{item}</Text>
        </View>
      ))}
    </View>
  );
}

export default function PrivacyPage() {
  return (
    <Screen title="隐私告知">
      <Section>
        <Text className="t-title">和合说事 隐私告知</Text>
        <Text className="t-body">
          用这个小程序，需要记下您的一些信息。下面用大白话说清楚：记什么、为什么记、谁能看到、记多久、您想改或想删怎么办。
        </Text>
        <Text className="t-small muted" id="privacy-version">
          版本：{PRIVACY_NOTICE_VERSION}，{PRIVACY_NOTICE_DATE}起施行
        </Text>
      </Section>

      <Section title="一、记下哪些信息">
        <Points
          items={[
            '您的姓名、手机号、住在哪个村；如果填了，还有户主姓名。',
            '您反映的事情：说的事、预约的调解、公益诉讼线索，包括事情的内容、地点和时间。',
            '您拍的照片。',
            '您看了哪些学法文章、报名了哪些讲堂。',
            '办事的经过：谁在什么时候做了什么，都会留下记录。',
          ]}
        />
      </Section>

      <Section title="二、为什么要记">
        <Points
          items={[
            '把您反映的事交给负责的网格员、调解员、有关部门或检察官去办。',
            '按时间要求答复您，办完以后回访，问问您满不满意。',
            '需要当面了解情况时，能联系上您。',
            '统计全镇办了多少事、办得快不快。统计数字里没有姓名和电话。',
          ]}
        />
      </Section>

      <Section title="三、谁能看到什么">
        <Points
          items={[
            '您说的事，只有负责办理的工作人员（网格员、调解员、有关部门）和镇指挥中心能看到。',
            '附近的村民要说同样的事时，只能看到这件事是哪一类、在哪个村、有几个人反映过，看不到您写的内容、照片和姓名；点了「我也遇到了」的村民，也只能看到这些和办理进展。',
            '工作人员看到的手机号中间几位是隐藏的，例如 138****9001。只有需要打电话联系您时，才能看完整号码，每看一次都会记录下来。',
            '公益诉讼线索实名提交的，您的姓名和电话只有检察官能看到，网格员和其他人都看不到；检察官每看一次也会记录下来。',
            '匿名提交的线索，不记录您是谁，只能凭查询码查看进度。',
            '您拍的照片，只有您自己和本镇的工作人员能看到。',
            '对外公开的办事信息里，没有姓名、电话这些个人信息。',
          ]}
        />
      </Section>

      <Section title="四、记多久">
        <Points
          items={[
            '账号信息（姓名、电话、村）在您使用期间一直保存。',
            '办事的记录属于政务档案，办结归档后，按照国家和地方的档案管理规定保存，到期后按规定销毁。',
            '记录不会被悄悄删掉或改掉，每次改动都留有记录。',
          ]}
        />
      </Section>

      <Section title="五、想改或想删怎么办">
        <Points
          items={[
            '信息记错了，或者您不想再用这个小程序、想注销账号，请联系镇指挥中心（123镇长热线），也可以找村里的网格员帮您转达。',
            '核实是您本人以后，会帮您更正或注销，并告诉您办理结果。',
            '按规定必须保存的办事记录不能删除，但会停止用于其他用途。',
          ]}
        />
      </Section>

      <View className="pv-foot">
        <Text className="t-small muted">
          本告知版本 {PRIVACY_NOTICE_VERSION}，{PRIVACY_NOTICE_DATE}
          起施行。内容有变化时会更新版本，并请您重新确认。
        </Text>
      </View>
    </Screen>
  );
}
